package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.PulseRecorder;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.ToneAnalysis;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/**
 * Barge-in: a publisher that pushed a long clip (queued under {@code pacing: timestamps}) sends
 * {@code {"type":"flush"}} mid-sentence, or closes with 4000: the rest is dropped unplayed and the microphone goes
 * silent; audio sent after a flush plays.
 */
class AudioSocketFlushIT extends AudioIngestITSupport {

    private static final byte[] CLIP = TestAudio.mp3Tone440(Duration.ofSeconds(10));

    @Test
    void aFlushMidClipSilencesTheMicrophoneAndLaterAudioPlays() throws Exception {
        configure("{\"audio\":{\"type\":\"socket\"}}");
        try (PulseRecorder recorder = PulseRecorder.start(pulse(), MIC); WsClient ws = publisher()) {
            ws.sendBinary(CLIP);
            awaitPlayed(1000);
            int flushedAt = recorder.sampleCount();
            ws.sendText("{\"type\":\"flush\"}");
            assertThat(Waits.until(Duration.ofSeconds(10), () -> audioStats().path("flushed_ms").asLong() >= 5000))
                    .as("stats %s", audioStats()).isTrue();
            long played = audioStats().path("played_ms").asLong();
            long wanted = flushedAt + PulseRecorder.RATE; // one second after the flush
            Waits.until(Duration.ofSeconds(20), () -> recorder.sampleCount() >= wanted);
            short[] afterFlush = recorder.samplesSince(flushedAt);
            System.out.printf("[audio-flush] tone for %d ms after the flush was sent; played %d ms, flushed %d ms%n",
                    lastLoudMillis(afterFlush), played, audioStats().path("flushed_ms").asLong());
            assertThat(ToneAnalysis.rms(afterFlush, PulseRecorder.RATE / 2, afterFlush.length))
                    .as("silent from 500 ms after the flush").isLessThan(100);
            assertThat(audioStats().path("played_ms").asLong()).as("nothing of the clip plays on").isLessThan(played + 200);

            ws.sendBinary(TestAudio.mp3Tone440(Duration.ofSeconds(1)));
            assertThat(Waits.until(Duration.ofSeconds(20), () -> audioStats().path("played_ms").asLong() >= played + 900))
                    .as("audio after the flush plays; stats %s", audioStats()).isTrue();
        }
    }

    @Test
    void closingWith4000DropsTheQueue() throws Exception {
        configure("{\"audio\":{\"type\":\"socket\"}}");
        WsClient ws = publisher();
        ws.sendBinary(CLIP);
        awaitPlayed(500);
        ws.closeWith(4000, "flush");
        assertThat(Waits.until(Duration.ofSeconds(10), () -> audioStats().path("flushed_ms").asLong() >= 5000))
                .as("stats %s", audioStats()).isTrue();
        JsonNode stats = audioStats();
        assertThat(stats.path("dropped_ms").asLong()).isZero();
    }

    /** How long the 440 Hz tone went on in {@code samples} (10 ms windows). */
    private static long lastLoudMillis(short[] samples) {
        int window = PulseRecorder.RATE / 100;
        long last = 0;
        for (int from = 0; from + window <= samples.length; from += window) {
            if (ToneAnalysis.rms(samples, from, from + window) > 300) {
                last = (from + window) * 1000L / PulseRecorder.RATE;
            }
        }
        return last;
    }
}
