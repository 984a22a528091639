package io.mediagateway.pulse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.PulseAudioProbe;
import io.mediagateway.runtime.RestartBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The one owner of the gateway's PulseAudio. At start-up it attaches to a reachable server ({@link PulseAudioProbe}:
 * gateway.pulse.server, $PULSE_SERVER, the per-user socket); when there is none, and {@code gateway.pulse.autostart}
 * is on and {@code pulseaudio} is installed, it starts a private one with the gateway's layout and restarts it with
 * backoff whenever it dies. The server it starts is announced to the probe, so health, preflight checks and the audio
 * writers all use it. Requests never start anything: they only ask {@link #server()}.
 *
 * <p>Phases: it starts before Camel and the audio pipelines and stops after them (lowest phase), so no writer ever
 * talks to a daemon that is being shut down on purpose.
 */
public class PulseAudioSupervisor implements SmartLifecycle {

    /** Starts first, stops last (after Camel's routes and the audio pipelines). */
    public static final int PHASE = Integer.MIN_VALUE + 1000;

    private static final Logger LOG = LoggerFactory.getLogger(PulseAudioSupervisor.class);
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);
    private static final String BUNDLED_LAYOUT = "pulse/default.pa";

    public enum Mode {
        /** Using a server someone else runs (the container entrypoint, the desktop session). */
        ATTACHED,
        /** Running a private server as a child process. */
        OWNED,
        /** No server, and none can be started. */
        UNAVAILABLE
    }

    private final GatewayProperties.Pulse settings;
    private final PulseAudioProbe probe;
    private final PulseAudioLayout layout;
    private final Path binary;

    private RestartBackoff restarts;
    private volatile Mode mode = Mode.UNAVAILABLE;
    private volatile PulseAudioDaemon daemon;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile int restartsDone;
    private volatile Instant lastExitAt;

    /** {@code binary}: the pulseaudio executable, or null when it is not installed. */
    public PulseAudioSupervisor(GatewayProperties.Pulse settings, PulseAudioProbe probe, PulseAudioLayout layout,
            Path binary) {
        this.settings = settings;
        this.probe = probe;
        this.layout = layout;
        this.binary = binary;
    }

    @Override
    public synchronized void start() {
        stopping = false;
        running = true;
        Optional<String> found = probe.reachableServer();
        if (found.isPresent()) {
            mode = Mode.ATTACHED;
            List<String> missing = layout.missing(found.get());
            if (missing.isEmpty()) {
                LOG.info("[pulse] attached server={}", found.get());
            } else {
                LOG.warn("[pulse] attached server={} missing=\"{}\" (audio to those devices will fail; load the "
                        + "layout of config/pulse/default.pa)", found.get(), String.join(", ", missing));
            }
            return;
        }
        if (!settings.isAutostart()) {
            becomeUnavailable("no PulseAudio server is reachable and gateway.pulse.autostart is off");
            return;
        }
        if (binary == null) {
            becomeUnavailable("no PulseAudio server is reachable and 'pulseaudio' is not installed");
            return;
        }
        String leftover = PulseAudioDaemon.serverFor(settings.getRuntimeDir());
        if (PulseAudioProbe.isReachable(leftover)) {
            // a daemon an earlier gateway started (and could not stop: a JVM killed with SIGKILL leaves its children)
            probe.useOwnedServer(leftover);
            mode = Mode.ATTACHED;
            LOG.info("[pulse] attached server={} (left running by an earlier gateway in {})", leftover,
                    settings.getRuntimeDir());
            return;
        }
        mode = Mode.OWNED;
        restarts = new RestartBackoff("pulse-supervisor", settings.getRestartBackoff(), settings.getRestartBackoffMax());
        launch(false);
    }

    @Override
    public void stop() {
        RestartBackoff executor;
        PulseAudioDaemon current;
        synchronized (this) {
            stopping = true;
            running = false;
            executor = restarts;
            restarts = null;
            current = daemon;
            daemon = null;
        }
        if (executor != null) {
            executor.shutdown();
        }
        if (current != null) {
            try {
                current.stop(Duration.ofSeconds(5));
                LOG.info("[pulse] stopped pid={}", current.pid());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

    /** The server to use right now, if one accepts connections. */
    public Optional<String> server() {
        return probe.reachableServer();
    }

    /**
     * Whether audio can be configured: a server is reachable, or the gateway owns one that is (re)starting. Empty when
     * fine; otherwise what is wrong and how to fix it.
     */
    public Optional<String> unavailability() {
        if (server().isPresent() || (mode == Mode.OWNED && running)) {
            return Optional.empty();
        }
        return Optional.of(probe.probe().detail());
    }

    /** How many times the owned daemon was restarted after dying. */
    public int restarts() {
        return restartsDone;
    }

    public Optional<Instant> lastExitAt() {
        return Optional.ofNullable(lastExitAt);
    }

    /** The pid of the owned daemon (tests kill it to prove the restart). */
    public Optional<Long> daemonPid() {
        PulseAudioDaemon current = daemon;
        return current == null || !current.isAlive() ? Optional.empty() : Optional.of(current.pid());
    }

    private void becomeUnavailable(String reason) {
        mode = Mode.UNAVAILABLE;
        LOG.warn("[pulse] unavailable reason=\"{}\" (audio ingest answers 503 until a server is reachable)", reason);
    }

    /** Runs on start and on the restart executor; schedules the next attempt itself when this one fails. */
    private synchronized void launch(boolean restart) {
        if (stopping) {
            return;
        }
        Path dir = settings.getRuntimeDir();
        try {
            PulseAudioDaemon started = PulseAudioDaemon.start(binary, dir, layoutScript(), settings.getStartTimeout());
            if (restart) {
                restartsDone++;
            }
            daemon = started;
            probe.useOwnedServer(started.server());
            Instant startedAt = Instant.now();
            List<String> missing = layout.missing(started.server());
            if (missing.isEmpty()) {
                LOG.info("[pulse] started pid={} server={} restarts={}", started.pid(), started.server(), restartsDone);
            } else {
                LOG.error("[pulse] started pid={} server={} missing=\"{}\" (check {} and {}/pulseaudio.log)",
                        started.pid(), started.server(), String.join(", ", missing), settings.getConfigFile(), dir);
            }
            started.onExit().thenRun(() -> onExit(started, startedAt));
        } catch (IOException e) {
            LOG.error("[pulse] start failed error=\"{}\"", e.getMessage());
            scheduleRestart();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void onExit(PulseAudioDaemon exited, Instant startedAt) {
        if (stopping || exited != daemon) {
            return;
        }
        lastExitAt = Instant.now();
        if (Duration.between(startedAt, lastExitAt).compareTo(STABLE_AFTER) > 0) {
            restarts.stable();
        }
        LOG.warn("[pulse] exited pid={} uptime_ms={} log=\"{}\"", exited.pid(),
                Duration.between(startedAt, lastExitAt).toMillis(), exited.logTail());
        daemon = null;
        scheduleRestart();
    }

    private void scheduleRestart() {
        if (stopping || restarts == null) {
            return;
        }
        long delay = restarts.schedule(() -> launch(true));
        LOG.info("[pulse] restarting in_ms={} attempt={}", delay, restarts.attempts());
    }

    private String layoutScript() throws IOException {
        Path file = settings.getConfigFile();
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        try (InputStream bundled = PulseAudioSupervisor.class.getClassLoader().getResourceAsStream(BUNDLED_LAYOUT)) {
            if (bundled == null) {
                throw new IOException("no PulseAudio layout: " + file.toAbsolutePath() + " does not exist and the jar has no "
                        + BUNDLED_LAYOUT);
            }
            return new String(bundled.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
