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
 * Pause: the microphone gets silence while the publisher keeps sending (its chunks are counted and discarded, its
 * socket stays open); resume: the tone is back, live.
 */
class AudioSocketPauseResumeIT extends AudioIngestITSupport {

    private static final byte[] TONE = TestAudio.mp3Tone440(Duration.ofSeconds(10));

    @Test
    void pausedIsSilentWhileSendingContinuesAndResumeBringsTheToneBack() throws Exception {
        configure("{\"audio\":{\"type\":\"socket\"}}");
        try (WsClient ws = publisher(); AudioSender sender = AudioSender.realTime(ws, TONE, 2, true);
                PulseRecorder mic = PulseRecorder.start(pulse(), MIC)) {
            Thread.sleep(1000);
            short[] before = mic.samples();

            assertThat(api.post(PAUSE, null).json().path("state").asText()).isEqualTo("paused");
            Thread.sleep(300); // the sink's buffer (30 ms) and the last block drain
            int pausedFrom = mic.sampleCount();
            long chunksAtPause = sender.chunks();
            JsonNode atPause = audioStats();
            Thread.sleep(1200);
            short[] paused = mic.samplesSince(pausedFrom);
            JsonNode whilePaused = audioStats();

            assertThat(api.post(RESUME, null).json().path("state").asText()).isEqualTo("running");
            Thread.sleep(300);
            int resumedFrom = mic.sampleCount();
            Thread.sleep(1000);
            short[] resumed = mic.samplesSince(resumedFrom);

            System.out.printf("[audio-pause] rms before=%.0f paused=%.1f resumed=%.0f; discarded while paused %d ms%n",
                    ToneAnalysis.rms(before), ToneAnalysis.rms(paused), ToneAnalysis.rms(resumed),
                    whilePaused.path("discarded_ms").asLong() - atPause.path("discarded_ms").asLong());
            assertThat(ToneAnalysis.rms(before)).isGreaterThan(500);
            assertThat(paused.length).isGreaterThan(PulseRecorder.RATE / 2);
            assertThat(ToneAnalysis.rms(paused)).as("silence while paused").isLessThan(20);
            assertThat(sender.chunks()).as("the publisher kept sending").isGreaterThan(chunksAtPause + 10);
            assertThat(whilePaused.path("chunks_in").asLong()).isGreaterThan(atPause.path("chunks_in").asLong());
            assertThat(whilePaused.path("discarded_ms").asLong() - atPause.path("discarded_ms").asLong()).isGreaterThan(800);
            assertThat(ws.isClosed()).as("the socket stays open while paused").isFalse();
            assertThat(ToneAnalysis.rms(resumed)).isGreaterThan(500);
            assertThat(ToneAnalysis.dominantFrequency(resumed, PulseRecorder.RATE)).isBetween(430, 450);
        }
    }
}
