package io.mediagateway.runtime;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The lifecycle every owner of a system daemon shares (the X display, PulseAudio). On start it attaches to one that
 * runs already, or says why there is none, or runs its own {@link ChildProcess}: started once, restarted with
 * {@link RestartBackoff} each time it dies (the backoff starts over after a run of 30 s),
 * stopped last (SIGTERM, then SIGKILL) with nothing restarted afterwards. Subclasses say only what differs: how to find
 * a running one, how to start theirs, what to log once it runs.
 *
 * <p>Requests never start anything here: they ask the subclass whether the part is usable.
 */
public abstract class ProcessSupervisor<C extends ChildProcess> implements SmartLifecycle {

    /** Starts first, stops last (after Camel's routes and the pipelines that use the daemon). */
    public static final int PHASE = Integer.MIN_VALUE + 1000;
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    public enum Mode {
        /** Using one someone else runs (the container entrypoint, the desktop session). */
        ATTACHED,
        /** Running its own as a child process. */
        OWNED,
        /** None, and none can be started. */
        UNAVAILABLE
    }

    /** The subclass's logger, so log lines keep their class's name. */
    protected final Logger log = LoggerFactory.getLogger(getClass());
    private final String part;
    private final String threadName;
    private final Duration restartBackoff;
    private final Duration restartBackoffMax;

    private RestartBackoff restarts;
    private volatile Mode mode = Mode.UNAVAILABLE;
    private volatile C child;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile int restartsDone;
    private volatile Instant lastExitAt;

    /**
     * @param part the log prefix ({@code [part]})
     * @param threadName the restart thread's name
     */
    protected ProcessSupervisor(String part, String threadName, Duration restartBackoff, Duration restartBackoffMax) {
        this.part = part;
        this.threadName = threadName;
        this.restartBackoff = restartBackoff;
        this.restartBackoffMax = restartBackoffMax;
    }

    /**
     * Called once on start: returns {@code ATTACHED} when one runs already, {@code UNAVAILABLE} when none can be run
     * (logging which, and why), or {@code OWNED} to have {@link #startChild()} run now and after each exit.
     */
    protected abstract Mode attachOrOwn();

    /** Starts the child and returns it once it serves; throws, leaving no process behind, when it cannot. */
    protected abstract C startChild() throws IOException, InterruptedException;

    /** The child serves (again): announce and log it. {@code restarts}: how many times it was restarted so far. */
    protected abstract void onStarted(C child, int restarts);

    @Override
    public final synchronized void start() {
        stopping = false;
        running = true;
        mode = attachOrOwn();
        if (mode == Mode.OWNED) {
            restarts = new RestartBackoff(threadName, restartBackoff, restartBackoffMax);
            launch(false);
        }
    }

    @Override
    public final void stop() {
        RestartBackoff executor;
        C current;
        synchronized (this) {
            stopping = true;
            running = false;
            executor = restarts;
            restarts = null;
            current = child;
            child = null;
        }
        if (executor != null) {
            executor.shutdown();
        }
        if (current != null && current.isAlive()) {
            try {
                current.stop(STOP_GRACE);
                log.info("[{}] stopped pid={}", part, current.pid());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public final Mode mode() {
        return mode;
    }

    /** How many times the owned child was restarted after dying. */
    public final int restarts() {
        return restartsDone;
    }

    /** When the owned child last died (not when it was stopped). */
    public final Optional<Instant> lastExitAt() {
        return Optional.ofNullable(lastExitAt);
    }

    /** The pid of the owned child while it runs (tests kill it to prove the restart). */
    public final Optional<Long> pid() {
        C current = child;
        return current == null || !current.isAlive() ? Optional.empty() : Optional.of(current.pid());
    }

    /** Runs on start and on the restart thread; schedules the next attempt itself when this one fails. */
    private synchronized void launch(boolean restart) {
        if (stopping) {
            return;
        }
        C started = null;
        try {
            started = startChild();
            if (restart) {
                restartsDone++;
            }
            child = started;
            Instant startedAt = Instant.now();
            onStarted(started, restartsDone);
            C watched = started;
            started.onExit().thenRun(() -> onExit(watched, startedAt));
        } catch (IOException e) {
            log.error("[{}] start failed error=\"{}\"", part, e.getMessage());
            scheduleRestart();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a bug in startChild/onStarted must not end the restarts (on the restart thread nobody else would see it)
            log.error("[{}] start failed error=\"{}\"", part, e, e);
            discard(started);
            scheduleRestart();
        }
    }

    /** Stops a child that started but whose start did not complete, so the next attempt starts from nothing. */
    private void discard(C started) {
        if (started == null) {
            return;
        }
        if (child == started) {
            child = null;
        }
        try {
            started.stop(STOP_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void onExit(C exited, Instant startedAt) {
        if (stopping || exited != child) {
            return;
        }
        lastExitAt = Instant.now();
        Duration uptime = Duration.between(startedAt, lastExitAt);
        if (uptime.compareTo(STABLE_AFTER) > 0) {
            restarts.stable();
        }
        log.warn("[{}] exited process=\"{}\" pid={} uptime_ms={} {}", part, exited, exited.pid(), uptime.toMillis(),
                exited.exitDetail());
        child = null;
        scheduleRestart();
    }

    private void scheduleRestart() {
        if (stopping || restarts == null) {
            return;
        }
        long delay = restarts.schedule(() -> launch(true));
        log.info("[{}] restarting in_ms={} attempt={}", part, delay, restarts.attempts());
    }
}
