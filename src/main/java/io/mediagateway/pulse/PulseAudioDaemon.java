package io.mediagateway.pulse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import io.mediagateway.runtime.ChildProcess;
import io.mediagateway.runtime.PulseAudioProbe;

/**
 * One private PulseAudio process, started the way docker/entrypoint.sh starts it: in user mode (also as root), no
 * system default.pa ({@code -n}), the gateway's layout script with {@code @PULSE_SOCKET@} filled in, every runtime and
 * state file inside {@code runtimeDir}. Its output goes to {@code runtimeDir/pulseaudio.log}.
 */
final class PulseAudioDaemon extends ChildProcess {

    static final String SOCKET_PLACEHOLDER = "@PULSE_SOCKET@";
    private static final int MAX_SOCKET_PATH = 107; // sockaddr_un.sun_path minus the terminator

    private final Path socket;
    private final Path log;

    private PulseAudioDaemon(Process process, Path socket, Path log) {
        super("pulseaudio at unix:" + socket, process);
        this.socket = socket;
        this.log = log;
    }

    /** The socket a daemon in {@code runtimeDir} listens on, in PULSE_SERVER syntax. */
    static String serverFor(Path runtimeDir) {
        return "unix:" + runtimeDir.toAbsolutePath().resolve("native");
    }

    /**
     * Starts the daemon and waits until its socket accepts connections. Throws (leaving no process behind) when it
     * exits or does not answer within {@code startTimeout}; the message ends with the tail of its log.
     */
    static PulseAudioDaemon start(Path binary, Path runtimeDir, String layoutScript, Duration startTimeout)
            throws IOException, InterruptedException {
        Path dir = runtimeDir.toAbsolutePath();
        Path socket = dir.resolve("native");
        if (socket.toString().length() > MAX_SOCKET_PATH) {
            throw new IOException("gateway.pulse.runtime-dir is too long for a unix socket path: " + socket);
        }
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // best effort, as in the entrypoint
        }
        Path script = Files.writeString(dir.resolve("default.pa"), layoutScript.replace(SOCKET_PLACEHOLDER, socket.toString()));
        Path log = dir.resolve("pulseaudio.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(binary.toString(), "--daemonize=no", "--system=no",
                "--use-pid-file=no", "--exit-idle-time=-1", "--disallow-exit", "--log-target=stderr", "-n", "-F",
                script.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // keep the daemon's cookie, state and runtime files in its directory, away from $HOME and other servers
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("XDG_RUNTIME_DIR", dir.toString());
        builder.environment().put("PULSE_RUNTIME_PATH", dir.toString());
        builder.environment().put("PULSE_STATE_PATH", dir.resolve("state").toString());
        builder.environment().remove("PULSE_SERVER");
        Process process = builder.start();
        PulseAudioDaemon daemon = new PulseAudioDaemon(process, socket, log);
        daemon.awaitReady(() -> PulseAudioProbe.isReachable(daemon.server()), startTimeout);
        return daemon;
    }

    String server() {
        return "unix:" + socket;
    }

    @Override
    public String exitDetail() {
        return super.exitDetail() + " log=\"" + logTail() + "\"";
    }

    @Override
    protected String failureDetail() {
        return ": " + logTail();
    }

    /** The last lines of the daemon's log, for error messages. */
    String logTail() {
        try (InputStream in = Files.newInputStream(log)) {
            byte[] all = in.readAllBytes();
            String text = new String(all, Math.max(0, all.length - 600), Math.min(all.length, 600), StandardCharsets.UTF_8);
            return text.strip().replace('\n', ' ');
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
