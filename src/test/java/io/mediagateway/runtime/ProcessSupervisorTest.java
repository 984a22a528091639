package io.mediagateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle the Xvfb and PulseAudio supervisors share, with {@code sleep} as the owned daemon (no X or PulseAudio
 * needed): restart with backoff after a kill or a failed start, nothing started when attached or unavailable, and a
 * stop that leaves no process and schedules nothing.
 */
class ProcessSupervisorTest {

    private static final Duration BACKOFF = Duration.ofMillis(50);

    /** Owns {@code sleep 600}; its first {@code failFirst} starts fail. */
    private static final class SleepSupervisor extends ProcessSupervisor<ChildProcess> {
        final AtomicInteger starts = new AtomicInteger();
        /** How many of the next onStarted calls throw (a bug on the restart thread). */
        final AtomicInteger onStartedFailures = new AtomicInteger();
        final List<Long> started = new CopyOnWriteArrayList<>();
        final Mode plan;
        final int failFirst;

        SleepSupervisor(Mode plan, int failFirst) {
            super("test", "test-supervisor", BACKOFF, Duration.ofMillis(200));
            this.plan = plan;
            this.failFirst = failFirst;
        }

        @Override
        protected Mode attachOrOwn() {
            return plan;
        }

        @Override
        protected ChildProcess startChild() throws IOException {
            if (starts.incrementAndGet() <= failFirst) {
                throw new IOException("failing on purpose");
            }
            return new ChildProcess("sleep", new ProcessBuilder("sleep", "600").start());
        }

        @Override
        protected void onStarted(ChildProcess child, int restarts) {
            started.add(child.pid());
            if (onStartedFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("onStarted failing on purpose");
            }
        }
    }

    @Test
    void aKilledChildIsRestartedAndTheExitIsRecorded() throws Exception {
        SleepSupervisor supervisor = new SleepSupervisor(ProcessSupervisor.Mode.OWNED, 0);
        supervisor.start();
        try {
            assertThat(supervisor.mode()).isEqualTo(ProcessSupervisor.Mode.OWNED);
            assertThat(supervisor.lastExitAt()).isEmpty();
            for (int round = 1; round <= 2; round++) {
                long before = supervisor.pid().orElseThrow();
                ProcessHandle.of(before).orElseThrow().destroyForcibly();

                assertThat(Waits.until(Duration.ofSeconds(10), () -> supervisor.pid().filter(p -> p != before).isPresent()))
                        .as("restarted").isTrue();
                assertThat(supervisor.restarts()).isEqualTo(round);
                assertThat(supervisor.lastExitAt()).isPresent();
            }
        } finally {
            supervisor.stop();
        }
    }

    @Test
    void aFailedStartIsRetriedUntilTheChildRuns() throws Exception {
        SleepSupervisor supervisor = new SleepSupervisor(ProcessSupervisor.Mode.OWNED, 2);
        supervisor.start();
        try {
            assertThat(Waits.until(Duration.ofSeconds(10), () -> supervisor.pid().isPresent())).as("running").isTrue();
            assertThat(supervisor.starts.get()).isEqualTo(3);
            assertThat(supervisor.restarts()).as("the start that worked was a restart").isEqualTo(1);
            assertThat(supervisor.lastExitAt()).as("it never ran before").isEmpty();
        } finally {
            supervisor.stop();
        }
    }

    @Test
    void aRuntimeExceptionOnTheRestartThreadStillSchedulesTheNextRestart() throws Exception {
        SleepSupervisor supervisor = new SleepSupervisor(ProcessSupervisor.Mode.OWNED, 0);
        supervisor.start();
        try {
            long first = supervisor.pid().orElseThrow();
            supervisor.onStartedFailures.set(2);
            ProcessHandle.of(first).orElseThrow().destroyForcibly();

            assertThat(Waits.until(Duration.ofSeconds(10), () -> supervisor.starts.get() == 4
                    && supervisor.pid().isPresent() && supervisor.started.size() == 4)).as("starts %s", supervisor.starts.get())
                    .isTrue();
            assertThat(supervisor.onStartedFailures.get()).isZero();
            assertThat(supervisor.started).hasSize(4);
            for (long discarded : supervisor.started.subList(1, 3)) {
                assertThat(ProcessHandle.of(discarded).filter(ProcessHandle::isAlive)).as("child %s whose start threw "
                        + "is stopped", discarded).isEmpty();
            }
            assertThat(supervisor.pid()).contains(supervisor.started.get(3));
        } finally {
            supervisor.stop();
        }
    }

    @Test
    void stopEndsTheChildAndNothingIsRestartedAfterwards() throws Exception {
        SleepSupervisor supervisor = new SleepSupervisor(ProcessSupervisor.Mode.OWNED, 0);
        supervisor.start();
        ProcessHandle child = ProcessHandle.of(supervisor.pid().orElseThrow()).orElseThrow();
        assertThat(supervisor.isRunning()).isTrue();

        supervisor.stop();

        assertThat(child.isAlive()).as("child gone").isFalse();
        assertThat(supervisor.isRunning()).isFalse();
        assertThat(supervisor.pid()).isEmpty();
        Thread.sleep(BACKOFF.toMillis() * 6); // several restart delays: none may come
        assertThat(supervisor.starts.get()).isEqualTo(1);
        assertThat(supervisor.restarts()).isZero();
    }

    @Test
    void attachedOrUnavailableStartsNothing() {
        for (ProcessSupervisor.Mode mode : List.of(ProcessSupervisor.Mode.ATTACHED, ProcessSupervisor.Mode.UNAVAILABLE)) {
            SleepSupervisor supervisor = new SleepSupervisor(mode, 0);
            supervisor.start();
            assertThat(supervisor.mode()).isEqualTo(mode);
            assertThat(supervisor.starts.get()).as(mode.name()).isZero();
            assertThat(supervisor.pid()).isEmpty();
            supervisor.stop();
            assertThat(supervisor.isRunning()).isFalse();
        }
    }

    @Test
    void aChildThatExitsDuringStartUpSaysWithWhichCode() throws Exception {
        ChildProcess child = new ChildProcess("sh", new ProcessBuilder("sh", "-c", "exit 3").start());

        assertThatThrownBy(() -> child.awaitReady(() -> false, Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class).hasMessage("sh exited with code 3 during start-up");
    }

    @Test
    void aChildThatNeverAnswersIsStoppedAfterTheTimeout() throws Exception {
        ChildProcess child = new ChildProcess("sleep", new ProcessBuilder("sleep", "600").start());

        assertThatThrownBy(() -> child.awaitReady(() -> false, Duration.ofMillis(200)))
                .isInstanceOf(IOException.class).hasMessage("sleep did not answer within 200 ms");
        assertThat(child.isAlive()).as("no process left behind").isFalse();
    }

    @Test
    void stopKillsAChildThatIgnoresSigterm() throws Exception {
        // an ignored signal stays ignored across exec: one process that only SIGKILL ends, no grandchild
        Process process = new ProcessBuilder("sh", "-c", "trap '' TERM; echo ready; exec sleep 600").start();
        ChildProcess child = new ChildProcess("sh", process);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("SIGTERM is ignored from here on").isEqualTo("ready");

            child.stop(Duration.ofMillis(200));
        }

        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitDetail()).as("SIGKILL").isEqualTo("code=137");
    }
}
