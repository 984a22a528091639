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
    void withNoInputPlayoutBridgesBrieflyWithSilenceThenParks() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        try (AudioPacer pacer = new AudioPacer("test", Duration.ofMillis(200), Duration.ofMillis(50), () -> sink,
                new RecordingEvents())) {
            pacer.start();
            // parked once the silence written stops growing (checked 500 ms apart; a playout that never parks fails)
            long[] silence = {-1};
            assertThat(Waits.until(Duration.ofSeconds(10), () -> {
                long before = pacer.silenceMillis();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                silence[0] = pacer.silenceMillis();
                return silence[0] > 0 && silence[0] == before;
            })).as("silence written %d ms", pacer.silenceMillis()).isTrue();

            System.out.printf("[pacer] silence written before parking: %d ms%n", silence[0]);
            // PulseAudio renders silence by itself once nothing is written: no CPU is spent on it. Bridged for
            // PARK_AFTER of wall time: less when the playout thread was starved on a busy machine, never more
            assertThat(silence[0]).isBetween(1L, AudioPacer.PARK_AFTER.toMillis() + 150);
            assertThat(pacer.playedMillis()).isZero();
            assertThat(sink.written()).containsOnly((byte) 0);
        }
    }

    @Test
    void aParkedPlayoutWakesUpForNewAudio() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        try (AudioPacer pacer = new AudioPacer("test", Duration.ofMillis(200), Duration.ofMillis(50), () -> sink,
                new RecordingEvents())) {
            pacer.start();
            Thread.sleep(500);
            long parkedAt = System.nanoTime();

            pacer.offer(AudioPacerDropsRatherThanDriftsTest.ramp(50));

            assertThat(Waits.until(Duration.ofSeconds(10), () -> pacer.playedMillis() == 50)).isTrue();
            System.out.printf("[pacer] parked playout played 50 ms within %d ms%n", (System.nanoTime() - parkedAt) / 1_000_000);
        }
    }

    @Test
    void aBacklogThatNeverDrainsIsTrimmedBackNearLive() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        try (AudioPacer pacer = new AudioPacer("test", Duration.ofMillis(200), Duration.ofMillis(50), () -> sink,
                new RecordingEvents())) {
            pacer.start();
            pacer.offer(AudioPacerDropsRatherThanDriftsTest.ramp(150)); // a backlog, e.g. after a stall
            long levelAtStart = pacer.bufferedMillis();
            long minLevelLate = Long.MAX_VALUE;
            long start = System.nanoTime();
            // then input at exactly real time, 50 ms every 50 ms, until 1 s after the first trim (at most 30 s): a
            // starved thread on a busy host lets the level dip for a moment, and a window with a dip trims nothing
            int trimmedAt = -1;
            for (int i = 0; i < 600 && (trimmedAt < 0 || i < trimmedAt + 20); i++) {
                // on a fixed schedule: sleeps that overshoot on a busy host must not slow the input below real time
                // (the backlog would then drain by itself and nothing would need trimming)
                long wait = start + (i + 1) * 50_000_000L - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
                pacer.offer(AudioPacerDropsRatherThanDriftsTest.ramp(50));
                if (trimmedAt < 0 && pacer.trimmedMillis() > 0) {
                    trimmedAt = i;
                } else if (trimmedAt >= 0) {
                    minLevelLate = Math.min(minLevelLate, pacer.bufferedMillis());
                }
            }
            System.out.printf("[pacer] backlog %d ms -> at least %d ms after the trim at offer %d; trimmed %d ms%n",
                    levelAtStart, minLevelLate, trimmedAt, pacer.trimmedMillis());
            assertThat(pacer.trimmedMillis()).isPositive();
            // right after each offer: one chunk plus what is left of the last (~50-75 ms) when trimmed, ~200 ms when the
            // backlog stayed; the lowest sample, since a stalled pacer thread may raise a few
            assertThat(minLevelLate).as("back near live: one chunk plus the margin").isLessThanOrEqualTo(100);
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

            assertThat(Waits.until(Duration.ofSeconds(10), () -> pacer.playedMillis() == 150)).isTrue();
            // idle is reported 1 s after the last audio, when the playout thread next runs
            assertThat(Waits.until(Duration.ofSeconds(10), () -> events.events.contains("idle"))).as("events %s",
                    events.events).isTrue();
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
            assertThat(Waits.until(Duration.ofSeconds(10), () -> pacer.playedMillis() >= playedBefore + 100)).isTrue();
        }
    }
}
