package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * Audio arriving faster than real time never queues up: the buffer keeps the newest {@code max-buffer} and drops the
 * rest, so what plays is at most that far behind.
 */
class AudioPacerDropsRatherThanDriftsTest {

    @Test
    void aBurstOfFiveSecondsIntoA200MsBufferKeepsOnlyTheNewest200Ms() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        try (AudioPacer pacer = new AudioPacer("test", Duration.ofMillis(200), Duration.ofMillis(50), () -> sink,
                new RecordingEvents())) {
            pacer.start();
            byte[] fiveSeconds = ramp(5000);

            pacer.offer(fiveSeconds);

            assertThat(pacer.bufferedMillis()).isLessThanOrEqualTo(200);
            assertThat(pacer.droppedMillis()).isBetween(4800L, 4810L);
            assertThat(Waits.until(Duration.ofSeconds(5), () -> pacer.playedMillis() >= 200)).isTrue();
            byte[] played = audioIn(sink.written());
            // what played is the end of the burst: the newest audio, in order
            byte[] tail = java.util.Arrays.copyOfRange(fiveSeconds, fiveSeconds.length - played.length, fiveSeconds.length);
            assertThat(played).isEqualTo(tail);
        }
    }

    @Test
    void steadyFasterThanRealTimeInputKeepsTheBufferBoundedInsteadOfGrowing() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        try (AudioPacer pacer = new AudioPacer("test", Duration.ofMillis(200), Duration.ofMillis(50), () -> sink,
                new RecordingEvents())) {
            pacer.start();
            long maxBuffered = 0;
            long start = System.nanoTime();
            for (int i = 0; i < 40; i++) { // 40 x 100 ms of audio every 25 ms: four times real time for one second
                pacer.offer(ramp(100));
                maxBuffered = Math.max(maxBuffered, pacer.bufferedMillis());
                Thread.sleep(25);
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("[pacer] offered=%d ms in %d ms played=%d ms dropped=%d ms max_buffer=%d ms%n",
                    pacer.offeredMillis(), elapsedMillis, pacer.playedMillis(), pacer.droppedMillis(), maxBuffered);
            assertThat(maxBuffered).isLessThanOrEqualTo(200);
            // everything beyond what real time could play in the loop's (possibly overslept) duration, the sink's 30 ms
            // and the 200 ms buffer (and 70 ms to spare: ~2700 ms here, 0 if it queued)
            assertThat(pacer.droppedMillis()).as("dropped rather than queued")
                    .isGreaterThanOrEqualTo(pacer.offeredMillis() - elapsedMillis - 300);
            assertThat(pacer.offeredMillis()).isEqualTo(4000);
        }
    }

    /** {@code millis} of PCM whose every sample is distinct (a ramp), so order and position can be checked. */
    static byte[] ramp(int millis) {
        byte[] pcm = new byte[Pcm.bytes(millis)];
        for (int frame = 0; frame < pcm.length / Pcm.BYTES_PER_FRAME; frame++) {
            int v = frame % 30_000 + 1;
            for (int ch = 0; ch < 2; ch++) {
                pcm[frame * 4 + ch * 2] = (byte) v;
                pcm[frame * 4 + ch * 2 + 1] = (byte) (v >> 8);
            }
        }
        return pcm;
    }

    /** The written bytes without the silence around them. */
    static byte[] audioIn(byte[] written) {
        int first = 0;
        while (first < written.length && written[first] == 0) {
            first++;
        }
        int last = written.length;
        while (last > first && written[last - 1] == 0) {
            last--;
        }
        first -= first % Pcm.BYTES_PER_FRAME;
        last += (Pcm.BYTES_PER_FRAME - last % Pcm.BYTES_PER_FRAME) % Pcm.BYTES_PER_FRAME;
        return java.util.Arrays.copyOfRange(written, first, Math.min(last, written.length));
    }
}
