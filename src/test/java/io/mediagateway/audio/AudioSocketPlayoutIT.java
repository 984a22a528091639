package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.PulseRecorder;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.ToneAnalysis;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/**
 * {@code pacing: timestamps} (the default): MP3 pushed far faster than real time — the seed's own 16 KB every 50 ms,
 * or a whole clip in one message — is heard on {@code virtual_mic} whole, in order, at normal speed; nothing is dropped.
 */
class AudioSocketPlayoutIT extends AudioIngestITSupport {

    private static final int WINDOW = PulseRecorder.RATE / 100; // 10 ms
    private static final byte[] LOW = TestAudio.mp3Tone(440, 48_000, 2, 128, Duration.ofMillis(1500));
    private static final byte[] HIGH = TestAudio.mp3Tone(880, 48_000, 2, 128, Duration.ofMillis(1500));

    @Test
    void aClipPushedAtTheSeedsPaceIsHeardWholeAndInOrder() throws Exception {
        JsonNode configured = configure("{\"audio\":{\"type\":\"socket\"}}");
        assertThat(configured.path("audio").path("pacing").asText()).isEqualTo("timestamps");
        byte[] clip = concat(LOW, HIGH);
        short[] mic;
        try (PulseRecorder recorder = PulseRecorder.start(pulse(), MIC); WsClient ws = publisher()) {
            for (int from = 0; from < clip.length; from += 16 * 1024) { // the seed's Node client: 16 KB every 50 ms, once
                ws.sendBinary(Arrays.copyOfRange(clip, from, Math.min(clip.length, from + 16 * 1024)));
                Thread.sleep(50);
            }
            awaitAllPlayed(2900);
            mic = tail(recorder);
        }
        int[] heard = heard(mic);
        System.out.printf("[audio-playout] seed pace: 440 Hz %d ms, 880 Hz %d ms, out of order %d ms; stats %s%n",
                heard[0] * 10, heard[1] * 10, heard[2] * 10, audioStats());
        assertThat(heard[0] * 10).as("440 Hz heard for its 1.5 s").isBetween(1400, 1600);
        assertThat(heard[1] * 10).as("880 Hz heard for its 1.5 s").isBetween(1400, 1600);
        assertThat(heard[2] * 10).as("440 Hz after 880 Hz began").isLessThanOrEqualTo(50);
        JsonNode stats = audioStats();
        assertThat(stats.path("dropped_ms").asLong()).isZero();
        assertThat(stats.path("trimmed_ms").asLong()).isZero();
        assertThat(stats.path("pacing").asText()).isEqualTo("timestamps");
    }

    @Test
    void aTenSecondClipInOneMessagePlaysToTheEnd() throws Exception {
        configure("{\"audio\":{\"type\":\"socket\"}}");
        byte[] clip = TestAudio.mp3Tone440(Duration.ofSeconds(10));
        assertThat(clip.length).isLessThan(MAX_MESSAGE_BYTES);
        try (WsClient ws = publisher()) {
            ws.sendBinary(clip);
            awaitAllPlayed(9900);
        }
        JsonNode stats = audioStats();
        assertThat(stats.path("dropped_ms").asLong()).isZero();
        assertThat(stats.path("played_ms").asLong()).isGreaterThanOrEqualTo(9900);
    }

    /** Waits until at least {@code decodedMs} was decoded and all of what was decoded has been handed to the sink. */
    private void awaitAllPlayed(long decodedMs) throws InterruptedException {
        assertThat(Waits.until(Duration.ofSeconds(60), () -> {
            JsonNode stats = audioStats();
            return stats.path("decoded_ms").asLong() >= decodedMs
                    && stats.path("played_ms").asLong() >= stats.path("decoded_ms").asLong() - 30;
        })).as("played; stats %s", audioStats()).isTrue();
    }

    /** Everything recorded, once the recorder has run 700 ms past now (PulseAudio renders what it was handed). */
    private static short[] tail(PulseRecorder recorder) throws InterruptedException {
        long wanted = recorder.sampleCount() + 700L * PulseRecorder.RATE / 1000;
        Waits.until(Duration.ofSeconds(20), () -> recorder.sampleCount() >= wanted);
        return recorder.stop();
    }

    /** 10 ms windows heard as 440 Hz, as 880 Hz, and as 440 Hz after the first 880 Hz window. */
    private static int[] heard(short[] mic) {
        int low = 0;
        int high = 0;
        int lowAfterHigh = 0;
        boolean highBegan = false;
        for (int from = 0; from + WINDOW <= mic.length; from += WINDOW) {
            if (ToneAnalysis.rms(mic, from, from + WINDOW) < 300) {
                continue;
            }
            double p440 = ToneAnalysis.power(mic, from, from + WINDOW, 440, PulseRecorder.RATE);
            double p880 = ToneAnalysis.power(mic, from, from + WINDOW, 880, PulseRecorder.RATE);
            if (p440 > p880) {
                low++;
                if (highBegan) {
                    lowAfterHigh++;
                }
            } else {
                high++;
                highBegan = true;
            }
        }
        return new int[] {low, high, lowAfterHigh};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
