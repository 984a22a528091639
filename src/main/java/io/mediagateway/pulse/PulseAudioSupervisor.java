package io.mediagateway.pulse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.ProcessSupervisor;
import io.mediagateway.runtime.PulseAudioProbe;

/**
 * The one owner of the gateway's PulseAudio. At start-up it attaches to a reachable server ({@link PulseAudioProbe}:
 * gateway.pulse.server, $PULSE_SERVER, the per-user socket); when there is none, and {@code gateway.pulse.autostart}
 * is on and {@code pulseaudio} is installed, it starts a private one with the gateway's layout and restarts it with
 * backoff whenever it dies ({@link ProcessSupervisor}). The server it starts is announced to the probe, so health,
 * preflight checks and the audio writers all use it. Requests never start anything: they only ask {@link #server()}.
 *
 * <p>Phases: it starts before Camel and the audio pipelines and stops after them (lowest phase), so no writer ever
 * talks to a daemon that is being shut down on purpose.
 */
public class PulseAudioSupervisor extends ProcessSupervisor<PulseAudioDaemon> {

    private static final String BUNDLED_LAYOUT = "pulse/default.pa";

    private final GatewayProperties.Pulse settings;
    private final PulseAudioProbe probe;
    private final PulseAudioLayout layout;
    private final Path binary;

    /** {@code binary}: the pulseaudio executable, or null when it is not installed. */
    public PulseAudioSupervisor(GatewayProperties.Pulse settings, PulseAudioProbe probe, PulseAudioLayout layout,
            Path binary) {
        super("pulse", "pulse-supervisor", settings.getRestartBackoff(), settings.getRestartBackoffMax());
        this.settings = settings;
        this.probe = probe;
        this.layout = layout;
        this.binary = binary;
    }

    @Override
    protected Mode attachOrOwn() {
        Optional<String> found = probe.reachableServer();
        if (found.isPresent()) {
            List<String> missing = layout.missing(found.get());
            if (missing.isEmpty()) {
                log.info("[pulse] attached server={}", found.get());
            } else {
                log.warn("[pulse] attached server={} missing=\"{}\" (audio to those devices will fail; load the "
                        + "layout of config/pulse/default.pa)", found.get(), String.join(", ", missing));
            }
            return Mode.ATTACHED;
        }
        if (!settings.isAutostart()) {
            return unavailable("no PulseAudio server is reachable and gateway.pulse.autostart is off");
        }
        if (binary == null) {
            return unavailable("no PulseAudio server is reachable and 'pulseaudio' is not installed");
        }
        String leftover = PulseAudioDaemon.serverFor(settings.getRuntimeDir());
        if (PulseAudioProbe.isReachable(leftover)) {
            // a daemon an earlier gateway started (and could not stop: a JVM killed with SIGKILL leaves its children)
            probe.useOwnedServer(leftover);
            log.info("[pulse] attached server={} (left running by an earlier gateway in {})", leftover,
                    settings.getRuntimeDir());
            return Mode.ATTACHED;
        }
        return Mode.OWNED;
    }

    @Override
    protected PulseAudioDaemon startChild() throws IOException, InterruptedException {
        return PulseAudioDaemon.start(binary, settings.getRuntimeDir(), layoutScript(), settings.getStartTimeout());
    }

    @Override
    protected void onStarted(PulseAudioDaemon daemon, int restarts) {
        probe.useOwnedServer(daemon.server());
        List<String> missing = layout.missing(daemon.server());
        if (missing.isEmpty()) {
            log.info("[pulse] started pid={} server={} restarts={}", daemon.pid(), daemon.server(), restarts);
        } else {
            log.error("[pulse] started pid={} server={} missing=\"{}\" (check {} and {}/pulseaudio.log)", daemon.pid(),
                    daemon.server(), String.join(", ", missing), settings.getConfigFile(), settings.getRuntimeDir());
        }
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
        // a busy server can miss connects for a while (a stressed CI run saw a configure refused after ~1 s of
        // them): look again for about 1.5 s before refusing audio for it
        for (int attempt = 1, waitMs = 100; ; attempt++, waitMs *= 2) {
            if (server().isPresent() || (mode() == Mode.OWNED && isRunning())) {
                return Optional.empty();
            }
            if (attempt == 5) {
                return Optional.of(probe.probe().detail());
            }
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(probe.probe().detail());
            }
        }
    }

    /** The pid of the owned daemon: {@link #pid()} under the name the management bean and tests know. */
    public Optional<Long> daemonPid() {
        return pid();
    }

    private Mode unavailable(String reason) {
        log.warn("[pulse] unavailable reason=\"{}\" (audio ingest answers 503 until a server is reachable)", reason);
        return Mode.UNAVAILABLE;
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
