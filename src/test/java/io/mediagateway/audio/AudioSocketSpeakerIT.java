package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.PulseRecorder;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.ToneAnalysis;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/** Destination speaker: the tone plays into {@code audio_output} (heard on its monitor) and the microphone stays silent. */
class AudioSocketSpeakerIT extends AudioIngestITSupport {

    private static final byte[] TONE = TestAudio.mp3Tone(1000, 44_100, 2, 192, Duration.ofSeconds(10));

    @Test
    void toneIsHeardOnTheSpeakerMonitorAndNotOnTheVirtualMic() throws Exception {
        JsonNode status = configure("{\"audio\":{\"type\":\"socket\",\"destination\":\"speaker\"}}");
        assertThat(status.path("audio_sink").asText()).isEqualTo("audio_output");
        short[] speaker;
        short[] mic;
        try (WsClient ws = publisher(); AudioSender sender = AudioSender.chunks(ws, TONE, 16 * 1024, 50)) {
            awaitPlayed(700);
            try (PulseRecorder speakerRecorder = PulseRecorder.start(pulse(), SPEAKER_MONITOR);
                    PulseRecorder micRecorder = PulseRecorder.start(pulse(), MIC)) {
                speakerRecorder.awaitLength(Duration.ofMillis(1500));
                speaker = speakerRecorder.stop();
                mic = micRecorder.stop();
            }
        }

        System.out.printf("[audio-speaker] speaker rms=%.0f pitch=%d Hz mic rms=%.1f%n", ToneAnalysis.rms(speaker),
                ToneAnalysis.dominantFrequency(speaker, PulseRecorder.RATE), ToneAnalysis.rms(mic));
        assertThat(ToneAnalysis.rms(speaker)).isGreaterThan(500);
        assertThat(ToneAnalysis.dominantFrequency(speaker, PulseRecorder.RATE)).isBetween(990, 1010);
        assertThat(ToneAnalysis.rms(mic)).isLessThan(20);
        assertThat(audioStats().path("sink").asText()).isEqualTo("audio_output");
    }
}
