package io.mediagateway.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child process a {@link ProcessSupervisor} owns: waits until it serves, stops it (SIGTERM, then SIGKILL), and says
 * why it ended. Subclasses add what their process offers (e.g. its socket, its log).
 */
public class ChildProcess {

    private final String name;
    private final Process process;

    /** {@code name}: what the process is, for messages (e.g. {@code Xvfb :99}). */
    public ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    public final long pid() {
        return process.pid();
    }

    public final boolean isAlive() {
        return process.isAlive();
    }

    public final CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /**
     * Returns once {@code ready} holds. Throws when the process exits first or {@code timeout} passes (then stops it):
     * no process is left behind.
     */
    public final void awaitReady(BooleanSupplier ready, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + " during start-up"
                        + failureDetail());
            }
            if (System.nanoTime() > deadline) {
                stop(Duration.ofSeconds(2));
                throw new IOException(name + " did not answer within " + timeout.toMillis() + " ms" + failureDetail());
            }
            Thread.sleep(10);
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. Returns once the process is gone. */
    public final void stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The fields the supervisor logs when the process ended: its exit code, and whatever a subclass adds. */
    public String exitDetail() {
        return "code=" + (process.isAlive() ? "running" : String.valueOf(process.exitValue()));
    }

    /** Appended to start-up failures: where to look (a log tail, a stale lock). Empty by default. */
    protected String failureDetail() {
        return "";
    }

    @Override
    public String toString() {
        return name;
    }
}
