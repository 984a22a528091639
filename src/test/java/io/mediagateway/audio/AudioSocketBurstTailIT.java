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
 * No sample loss at the end of a burst: a 600 ms tone sent at real time, then nothing (publisher still connected),
 * is heard for its whole length on the microphone; nothing waits in a decoder or a muxer for more input.
 */
class AudioSocketBurstTailIT extends AudioIngestITSupport {

    private static final byte[] BURST = TestAudio.mp3Tone(440, 48_000, 2, 128, Duration.ofMillis(600));

    @Test
    void aShortBurstIsHeardToItsEnd() throws Exception {
        configure("{\"audio\":{\"type\":\"socket\"}}");
        short[] mic;
        try (PulseRecorder recorder = PulseRecorder.start(pulse(), MIC); WsClient ws = publisher()) {
            Thread.sleep(300);
            try (AudioSender sender = AudioSender.realTime(ws, BURST, 1, false)) {
                sender.awaitDone(5000);
            }
            Thread.sleep(1000); // the publisher stays connected and sends nothing more
            mic = recorder.stop();
            assertThat(ws.isClosed()).isFalse();
        }

        double toneMs = ToneAnalysis.loudFraction(mic, PulseRecorder.RATE, 300) * mic.length * 1000.0 / PulseRecorder.RATE;
        JsonNode stats = audioStats();
        System.out.printf("[audio-tail] tone heard for %.0f ms of a 600 ms burst; decoded %d ms, played %d ms, dropped %d ms%n",
                toneMs, stats.path("decoded_ms").asLong(), stats.path("played_ms").asLong(), stats.path("dropped_ms").asLong());
        assertThat(stats.path("decoded_ms").asLong()).isBetween(600L, 700L);
        assertThat(stats.path("dropped_ms").asLong()).isZero();
        assertThat(stats.path("played_ms").asLong()).isEqualTo(stats.path("decoded_ms").asLong());
        assertThat(toneMs).as("heard to the end (the encoder fades the first and last frames)").isGreaterThan(540);
    }
}
