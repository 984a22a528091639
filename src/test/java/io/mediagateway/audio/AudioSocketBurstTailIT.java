package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.PulseRecorder;
import io.mediagateway.support.SharedPulseAudio;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.ToneAnalysis;
import io.mediagateway.support.Waits;
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
            // the publisher stays connected and sends nothing more; the burst's end is played (a busy gateway may be
            // behind the sender), then PulseAudio renders it
            assertThat(Waits.until(Duration.ofSeconds(20), () -> audioStats().path("decoded_ms").asLong() >= 600
                    && audioStats().path("played_ms").asLong() >= audioStats().path("decoded_ms").asLong()))
                    .as("stats %s", audioStats()).isTrue();
            Thread.sleep(1000);
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

    @Test
    void audioSentRightAfterConfigurePlaysFromItsStart() throws Exception {
        // PulseAudio's idle null sink renders 2 s at a time; without a stream holding the sink ready (ReadySinks) the
        // first ~2 s of a session could be dropped (dropped_ms 1600-2200 of a 6 s tone in a walkthrough)
        byte[] tone = TestAudio.mp3Tone(440, 48_000, 2, 128, Duration.ofSeconds(3));
        // a session's stream leaves the sink and the next one comes at once (a stop then a configure, a reconfigure):
        // the sink, left with no input, renders its idle 2 s cycle, and the new stream waits for its end
        configure("{\"audio\":{\"type\":\"socket\"}}");
        Thread.sleep(500);
        api.post(STOP, null);
        configure("{\"audio\":{\"type\":\"socket\"}}");
        try (WsClient ws = publisher(); AudioSender sender = AudioSender.realTime(ws, tone, 4, false)) {
            sender.awaitDone(10_000);
            assertThat(Waits.until(Duration.ofSeconds(20), () -> audioStats().path("decoded_ms").asLong() > 2900)).isTrue();
            Thread.sleep(500);
        }
        JsonNode stats = audioStats();
        System.out.printf("[audio-start] played %d ms of %d decoded, dropped %d ms (trimmed %d ms)%n",
                stats.path("played_ms").asLong(), stats.path("decoded_ms").asLong(), stats.path("dropped_ms").asLong(),
                stats.path("trimmed_ms").asLong());
        assertThat(stats.path("dropped_ms").asLong()).as("%s", stats).isLessThan(500);
    }

    @Test
    void eachSinkIsHeldReadyByAnIdleStreamOfTheGateway() throws Exception {
        assertThat(Waits.until(Duration.ofSeconds(10), () -> readyStreams() >= 2)) // two per gateway context in this JVM
                .as("sink inputs: %s", SharedPulseAudio.get().pactl("list", "sink-inputs").output()).isTrue();
    }

    private static long readyStreams() {
        return SharedPulseAudio.get().pactl("list", "sink-inputs").output().lines()
                .filter(line -> line.contains("Media Gateway (keeps the sink ready)")).count();
    }
}
