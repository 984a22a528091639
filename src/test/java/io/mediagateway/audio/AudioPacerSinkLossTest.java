package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediagateway.support.LiveThreads;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * When the sink fails (PulseAudio died), playout keeps real time by the wall clock, drops what comes due, and reopens
 * the sink with backoff; audio then resumes live, with no backlog.
 */
class AudioPacerSinkLossTest {

    @Test
    void aLostSinkIsReopenedAndAudioResumesWithoutABacklog() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        AtomicInteger refuseOpens = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<ClockedSink> current = new java.util.concurrent.atomic.AtomicReference<>();
        RecordingEvents events = new RecordingEvents();
        PcmSink.Opener opener = () -> {
            if (refuseOpens.get() > 0) {
                refuseOpens.decrementAndGet();
                throw new IOException("PulseAudio is restarting");
            }
            ClockedSink sink = new ClockedSink(30);
            current.set(sink); // published before the count the test waits on
            opens.incrementAndGet();
            return sink;
        };
        try (AudioPacer pacer = new AudioPacer("test", Duration.ofMillis(200), Duration.ofMillis(50), opener, events)) {
            pacer.start();
            assertThat(Waits.until(Duration.ofSeconds(10), () -> opens.get() == 1)).isTrue();
            ClockedSink first = current.get();

            refuseOpens.set(3); // the next three attempts fail, as while the daemon restarts
            first.fail();
            long lostAt = System.nanoTime();
            for (int i = 0; i < 20; i++) { // one second of real-time audio while the sink is gone
                pacer.offer(AudioPacerDropsRatherThanDriftsTest.ramp(50));
                Thread.sleep(50);
                if (opens.get() == 2) {
                    break;
                }
            }
            assertThat(Waits.until(Duration.ofSeconds(20), () -> opens.get() == 2)).isTrue();
            long outageMs = (System.nanoTime() - lostAt) / 1_000_000;

            assertThat(first.isClosed()).isTrue();
            assertThat(events.events).containsSubsequence("opened", "lost", "reopened");
            assertThat(pacer.droppedMillis()).as("audio due during the outage").isPositive();
            assertThat(pacer.bufferedMillis()).as("no backlog after reopening").isLessThanOrEqualTo(200);
            long playedBefore = pacer.playedMillis();
            pacer.offer(AudioPacerDropsRatherThanDriftsTest.ramp(100));
            assertThat(Waits.until(Duration.ofSeconds(10), () -> pacer.playedMillis() >= playedBefore + 100)).isTrue();
            System.out.printf("[pacer] outage %d ms, dropped %d ms%n", outageMs, pacer.droppedMillis());
        }
    }

    @Test
    void closeClosesTheSinkAndEndsTheThread() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        AtomicInteger opens = new AtomicInteger();
        AudioPacer pacer = new AudioPacer("close-test", Duration.ofMillis(200), Duration.ofMillis(50), () -> {
            opens.incrementAndGet();
            return sink;
        }, new RecordingEvents());
        pacer.start();
        // the playout thread opens the sink when it runs: close it once it holds one (a close before would find none)
        assertThat(Waits.until(Duration.ofSeconds(10), () -> opens.get() == 1)).isTrue();

        pacer.close();

        assertThat(sink.isClosed()).isTrue();
        assertThat(LiveThreads.named("audio-pacer-close-test")).isEmpty();
    }
}
