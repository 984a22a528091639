package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.PulseRecorder;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.ToneAnalysis;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/**
 * MP3 of a 440 Hz tone pushed over the audio socket (destination microphone, the default) is heard on PulseAudio's
 * {@code virtual_mic} at that pitch, while the speaker sink stays silent.
 */
class AudioSocketMicrophoneIT extends AudioIngestITSupport {

    private static final byte[] TONE = TestAudio.mp3Tone440(Duration.ofSeconds(10));

    @Test
    void toneIn16KbChunksEvery50MsIsHeardOnTheVirtualMicAndNotOnTheSpeaker() throws Exception {
        // pacing latest: the seed's pace (~20x real time) overflows the short buffer, the newest wins
        configure("{\"audio\":{\"type\":\"socket\",\"pacing\":\"latest\"}}");
        short[] mic;
        short[] speaker;
        try (WsClient ws = publisher(); AudioSender sender = AudioSender.chunks(ws, TONE, 16 * 1024, 50)) {
            awaitPlayed(700);
            try (PulseRecorder micRecorder = PulseRecorder.start(pulse(), MIC);
                    PulseRecorder speakerRecorder = PulseRecorder.start(pulse(), SPEAKER_MONITOR)) {
                micRecorder.awaitLength(Duration.ofMillis(1500));
                mic = micRecorder.stop();
                speaker = speakerRecorder.stop();
            }
            assertThat(sender.failure()).isNull();
        }

        double micRms = ToneAnalysis.rms(mic);
        int pitch = ToneAnalysis.dominantFrequency(mic, PulseRecorder.RATE);
        double loud = ToneAnalysis.loudFraction(mic, PulseRecorder.RATE, 300);
        System.out.printf("[audio-mic] chunks: mic rms=%.0f pitch=%d Hz loud=%.0f%% speaker rms=%.1f%n", micRms, pitch,
                loud * 100, ToneAnalysis.rms(speaker));
        assertThat(mic.length).as("recorded samples").isGreaterThan(PulseRecorder.RATE);
        assertThat(micRms).isGreaterThan(500);
        assertThat(pitch).isBetween(430, 450);
        assertThat(loud).as("tone all along, not bursts").isGreaterThan(0.9);
        assertThat(ToneAnalysis.rms(speaker)).isLessThan(20);
        JsonNode stats = audioStats();
        assertThat(stats.path("sink").asText()).isEqualTo("audio_input");
        // 16 KB is ~1 s of 128 kbps MP3 sent every 50 ms: far faster than real time, so most is dropped, none drifts
        assertThat(stats.path("dropped_ms").asLong()).isGreaterThan(stats.path("played_ms").asLong());
        assertThat(stats.path("buffer_ms").asLong()).isLessThanOrEqualTo(200);
    }

    @Test
    void toneSentAtRealTimePlaysWithoutDrops() throws Exception {
        configure("{\"audio\":{\"type\":\"socket\",\"destination\":\"microphone\"}}");
        short[] mic;
        try (WsClient ws = publisher(); AudioSender sender = AudioSender.realTime(ws, TONE, 2, true)) {
            awaitPlayed(700);
            mic = PulseRecorder.record(pulse(), MIC, Duration.ofMillis(1500));
        }

        JsonNode stats = audioStats();
        System.out.printf("[audio-mic] real time: rms=%.0f pitch=%d Hz decoded=%d ms played=%d ms dropped=%d ms%n",
                ToneAnalysis.rms(mic), ToneAnalysis.dominantFrequency(mic, PulseRecorder.RATE),
                stats.path("decoded_ms").asLong(), stats.path("played_ms").asLong(), stats.path("dropped_ms").asLong());
        assertThat(ToneAnalysis.rms(mic)).isGreaterThan(500);
        assertThat(ToneAnalysis.dominantFrequency(mic, PulseRecorder.RATE)).isBetween(430, 450);
        assertThat(stats.path("decoded_ms").asLong()).isGreaterThan(1500);
        assertThat(stats.path("dropped_ms").asLong()).as("real-time input fits the buffer")
                .isLessThan(stats.path("decoded_ms").asLong() / 10);
    }
}
