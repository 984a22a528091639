package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * The sink always gets real time: silence when no audio is waiting and while paused (input discarded and counted),
 * and a burst plays to its last sample, with silence after it.
 */
class AudioPacerSilenceTest {

    @Test
    void withNoInputTheSinkGetsSilenceAtRealTime() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        try (AudioPacer pacer = new AudioPacer("test", Duration.ofMillis(200), Duration.ofMillis(50), () -> sink,
                new RecordingEvents())) {
            pacer.start();
            Thread.sleep(1000);

            long silence = pacer.silenceMillis();
            System.out.printf("[pacer] silence after 1 s: %d ms%n", silence);
            assertThat(silence).isBetween(800L, 1300L);
            assertThat(pacer.playedMillis()).isZero();
            byte[] written = sink.written();
            assertThat(written).containsOnly((byte) 0);
        }
    }

    @Test
    void aBurstPlaysToItsLastSampleThenSilenceFollows() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        RecordingEvents events = new RecordingEvents();
        try (AudioPacer pacer = new AudioPacer("test", Duration.ofMillis(200), Duration.ofMillis(50), () -> sink, events)) {
            pacer.start();
            byte[] burst = AudioPacerDropsRatherThanDriftsTest.ramp(150);

            pacer.offer(burst);

            assertThat(Waits.until(Duration.ofSeconds(3), () -> pacer.playedMillis() == 150)).isTrue();
            Thread.sleep(1300);
            assertThat(AudioPacerDropsRatherThanDriftsTest.audioIn(sink.written())).isEqualTo(burst);
            assertThat(pacer.droppedMillis()).isZero();
            assertThat(events.events).containsSubsequence("opened", "resumed", "idle");
        }
    }

    @Test
    void pausedDiscardsInputAndPlaysSilenceThenResumesLive() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        try (AudioPacer pacer = new AudioPacer("test", Duration.ofMillis(200), Duration.ofMillis(50), () -> sink,
                new RecordingEvents())) {
            pacer.start();
            pacer.offer(AudioPacerDropsRatherThanDriftsTest.ramp(100));
            pacer.setPaused(true);
            int writtenAtPause = sink.written().length;

            for (int i = 0; i < 5; i++) {
                pacer.offer(AudioPacerDropsRatherThanDriftsTest.ramp(100));
                Thread.sleep(50);
            }

            assertThat(pacer.discardedMillis()).as("buffered at pause + offered while paused").isGreaterThanOrEqualTo(500);
            byte[] whilePaused = java.util.Arrays.copyOfRange(sink.written(), writtenAtPause + Pcm.bytes(20),
                    sink.written().length);
            assertThat(whilePaused).isNotEmpty().containsOnly((byte) 0);
            assertThat(pacer.bufferedMillis()).isZero();

            pacer.setPaused(false);
            long playedBefore = pacer.playedMillis();
            pacer.offer(AudioPacerDropsRatherThanDriftsTest.ramp(100));
            assertThat(Waits.until(Duration.ofSeconds(3), () -> pacer.playedMillis() >= playedBefore + 100)).isTrue();
        }
    }
}
