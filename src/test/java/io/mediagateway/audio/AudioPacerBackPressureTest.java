package io.mediagateway.audio;

import static io.mediagateway.audio.AudioPacerDropsRatherThanDriftsTest.audioIn;
import static io.mediagateway.audio.AudioPacerDropsRatherThanDriftsTest.ramp;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mediagateway.support.Waits;
import io.mediagateway.virtualinput.Pacing;
import org.junit.jupiter.api.Test;

/**
 * {@code pacing: timestamps}: audio offered faster than real time is all played, in order, and never dropped; past
 * the lead the offering thread waits for room (which stops the socket being read), so what waits stays bounded.
 */
class AudioPacerBackPressureTest {

    @Test
    void aBurstLongerThanTheLeadWaitsForRoomAndPlaysWhole() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        try (AudioPacer pacer = new AudioPacer("test", Pacing.TIMESTAMPS, Duration.ofMillis(500), Duration.ofMillis(50),
                () -> sink, new RecordingEvents())) {
            pacer.start();
            byte[] twoSeconds = ramp(2000);
            AtomicBoolean offered = new AtomicBoolean();
            Thread publisher = new Thread(() -> {
                pacer.offer(twoSeconds);
                offered.set(true);
            });
            publisher.start();

            // the publisher is held back while playout makes room: it is still waiting once the lead is full
            assertThat(Waits.until(Duration.ofSeconds(10), () -> pacer.bufferedMillis() >= 480)).isTrue();
            assertThat(offered).as("offer waits for room").isFalse();
            publisher.join(30_000);
            assertThat(offered).isTrue();
            assertThat(Waits.until(Duration.ofSeconds(30), () -> pacer.playedMillis() >= 2000)).isTrue();
            assertThat(pacer.droppedMillis()).isZero();
            assertThat(pacer.trimmedMillis()).isZero();
            assertThat(audioIn(sink.written())).as("every sample, in order").isEqualTo(twoSeconds);
        }
    }

    @Test
    void pauseAndCloseReleaseAPublisherWaitingForRoom() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        AudioPacer pacer = new AudioPacer("test", Pacing.TIMESTAMPS, Duration.ofMillis(200), Duration.ofMillis(50),
                () -> sink, new RecordingEvents());
        pacer.start();
        Thread waiting = new Thread(() -> pacer.offer(ramp(60_000)));
        waiting.start();
        assertThat(Waits.until(Duration.ofSeconds(10), () -> pacer.bufferedMillis() >= 180)).isTrue();
        pacer.setPaused(true);
        waiting.join(10_000);
        assertThat(waiting.isAlive()).as("pause releases the publisher").isFalse();
        assertThat(pacer.discardedMillis()).isGreaterThan(50_000);

        pacer.setPaused(false);
        Thread second = new Thread(() -> pacer.offer(ramp(60_000)));
        second.start();
        assertThat(Waits.until(Duration.ofSeconds(10), () -> pacer.bufferedMillis() >= 180)).isTrue();
        pacer.close();
        second.join(10_000);
        assertThat(second.isAlive()).as("close releases the publisher").isFalse();
        assertThat(pacer.flushedMillis()).isGreaterThan(50_000);
        // closing interrupts a write in progress: at most that one block is lost
        assertThat(pacer.droppedMillis()).isLessThanOrEqualTo(AudioPacer.BLOCK.toMillis());
    }

    @Test
    void flushDropsWhatIsQueued() throws Exception {
        ClockedSink sink = new ClockedSink(30);
        try (AudioPacer pacer = new AudioPacer("test", Pacing.TIMESTAMPS, Duration.ofSeconds(5), Duration.ofMillis(50),
                () -> sink, new RecordingEvents())) {
            pacer.start();
            pacer.offer(ramp(3000));
            pacer.flush();
            assertThat(pacer.bufferedMillis()).isZero();
            assertThat(pacer.flushedMillis()).isGreaterThan(2500);
            assertThat(pacer.droppedMillis()).isZero();
        }
    }
}
