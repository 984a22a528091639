package io.mediagateway.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The retry clock of a supervisor: schedules the next start of what it owns on a daemon thread of its own, waiting
 * {@code base}, then twice as long after each further failure, up to {@code max}. {@link #stable()} starts over once
 * the owned thing has run long enough to count as healthy.
 */
public final class RestartBackoff {

    private final ScheduledExecutorService executor;
    private final Duration base;
    private final Duration max;
    private int failedAttempts;

    public RestartBackoff(String threadName, Duration base, Duration max) {
        this.base = base;
        this.max = max;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} after the next delay; returns that delay in milliseconds. */
    public synchronized long schedule(Runnable task) {
        long delay = Math.min(max.toMillis(), base.toMillis() << Math.min(failedAttempts, 16));
        failedAttempts++;
        executor.schedule(task, delay, TimeUnit.MILLISECONDS);
        return delay;
    }

    /** Attempts since the last {@link #stable()}. */
    public synchronized int attempts() {
        return failedAttempts;
    }

    public synchronized void stable() {
        failedAttempts = 0;
    }

    /** Runs {@code task} now on the backoff's thread (a first attempt, or a planned restart that is no failure). */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Cancels what is scheduled; nothing runs afterwards. */
    public void shutdown() {
        executor.shutdownNow();
    }

    /** {@link #shutdown()}, then waits up to {@code limit} for a running task to return; true when it has. */
    public boolean shutdownAndWait(Duration limit) throws InterruptedException {
        executor.shutdownNow();
        return executor.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
    }
}
