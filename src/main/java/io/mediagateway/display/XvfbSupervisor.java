package io.mediagateway.display;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.DisplayProbe;
import io.mediagateway.runtime.RestartBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The one owner of the gateway's X display when it has to start one. At start-up it attaches to a reachable display
 * ({@code gateway.display.name}, $DISPLAY, :99); when there is none, {@code gateway.display.autostart} is on, the
 * display is local and {@code Xvfb} is installed, it starts {@code Xvfb :N -screen 0 <gateway.display.screen>
 * -nolisten tcp -noreset} and restarts it with backoff whenever it dies. Requests never start anything: livestream
 * starts only probe the display. Starts before Camel and stops after the livestreams (same phase as PulseAudio).
 */
public class XvfbSupervisor implements SmartLifecycle {

    public static final int PHASE = Integer.MIN_VALUE + 1000;
    private static final Logger LOG = LoggerFactory.getLogger(XvfbSupervisor.class);
    private static final Pattern LOCAL_DISPLAY = Pattern.compile("^(?:unix)?:(\\d+)(?:\\.\\d+)?$");
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);

    public enum Mode { ATTACHED, OWNED, UNAVAILABLE }

    private final GatewayProperties.Display settings;
    private final DisplayProbe probe;
    private final Path binary;
    private RestartBackoff restarts;
    private volatile Mode mode = Mode.UNAVAILABLE;
    private volatile Process process;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile int restartsDone;

    /** {@code binary}: the Xvfb executable, or null when it is not installed. */
    public XvfbSupervisor(GatewayProperties.Display settings, DisplayProbe probe, Path binary) {
        this.settings = settings;
        this.probe = probe;
        this.binary = binary;
    }

    @Override
    public synchronized void start() {
        stopping = false;
        running = true;
        String name = probe.displayName();
        if (probe.probe().up()) {
            mode = Mode.ATTACHED;
            LOG.info("[display] attached display={}", name);
            return;
        }
        Matcher local = LOCAL_DISPLAY.matcher(name);
        String reason = !settings.isAutostart() ? "gateway.display.autostart is off"
                : binary == null ? "'Xvfb' is not installed (package xvfb)"
                : !local.matches() ? "display " + name + " is not local (only :N displays can be started)" : null;
        if (reason != null) {
            mode = Mode.UNAVAILABLE;
            LOG.warn("[display] unavailable display={} reason=\"{}\" (livestreams answer 503 until it is reachable)", name, reason);
            return;
        }
        mode = Mode.OWNED;
        restarts = new RestartBackoff("xvfb-supervisor", settings.getRestartBackoff(), settings.getRestartBackoffMax());
        launch(Integer.parseInt(local.group(1)), false);
    }

    @Override
    public void stop() {
        RestartBackoff executor;
        Process current;
        synchronized (this) {
            stopping = true;
            running = false;
            executor = restarts;
            restarts = null;
            current = process;
            process = null;
        }
        if (executor != null) {
            executor.shutdown();
        }
        if (current != null && current.isAlive()) {
            current.destroy();
            try {
                if (!current.waitFor(5, TimeUnit.SECONDS)) {
                    current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("[display] stopped pid={}", current.pid());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public Mode mode() {
        return mode;
    }

    public int restarts() {
        return restartsDone;
    }

    /** The pid of the Xvfb the gateway runs (tests kill it to prove the restart). */
    public Optional<Long> pid() {
        Process current = process;
        return current == null || !current.isAlive() ? Optional.empty() : Optional.of(current.pid());
    }

    private synchronized void launch(int number, boolean restart) {
        if (stopping) {
            return;
        }
        try {
            Process started = new ProcessBuilder(List.of(binary.toString(), ":" + number, "-screen", "0",
                    settings.getScreen(), "-nolisten", "tcp", "-noreset"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + settings.getStartTimeout().toNanos();
            while (!probe.probe().up()) {
                if (!started.isAlive() || System.nanoTime() > deadline) {
                    started.destroyForcibly();
                    throw new IOException("Xvfb :" + number + (started.isAlive() ? " did not listen in time"
                            : " exited with " + started.exitValue() + staleLockHint(number)));
                }
                Thread.sleep(10);
            }
            if (restart) {
                restartsDone++;
            }
            process = started;
            long startedAt = System.nanoTime();
            LOG.info("[display] started display=:{} pid={} screen={} restarts={}", number, started.pid(), settings.getScreen(),
                    restartsDone);
            started.onExit().thenRun(() -> onExit(number, started, startedAt));
        } catch (IOException e) {
            LOG.error("[display] start failed display=:{} error=\"{}\"", number, e.getMessage());
            scheduleRestart(number);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void onExit(int number, Process exited, long startedAt) {
        if (stopping || exited != process) {
            return;
        }
        if (System.nanoTime() - startedAt > STABLE_AFTER.toNanos()) {
            restarts.stable();
        }
        LOG.warn("[display] exited display=:{} pid={} code={}", number, exited.pid(), exited.exitValue());
        process = null;
        scheduleRestart(number);
    }

    private void scheduleRestart(int number) {
        if (stopping || restarts == null) {
            return;
        }
        long delay = restarts.schedule(() -> launch(number, true));
        LOG.info("[display] restarting display=:{} in_ms={} attempt={}", number, delay, restarts.attempts());
    }

    private static String staleLockHint(int number) {
        Path lock = Path.of("/tmp/.X" + number + "-lock");
        return Files.exists(lock) ? " (" + lock + " exists: another X server owns :" + number + ", or a stale lock to delete)" : "";
    }
}
