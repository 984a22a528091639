package io.mediagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mediagateway.support.ApiClient;
import io.mediagateway.support.Waits;

/**
 * The packaged gateway (target/media-gateway.jar) as its own OS process, so that benchmarks read its CPU from /proc
 * without their own clients' work mixed in. It gets free HTTP and RTMP ports, no management port, no PulseAudio or Xvfb
 * of its own and WARN logging into a log file; {@link #start} returns once /health answers 200. Closing it stops it.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int rtmpPort;
    private final Path log;

    private GatewayProcess(Process process, int port, int rtmpPort, Path log) {
        this.process = process;
        this.port = port;
        this.rtmpPort = rtmpPort;
        this.log = log;
    }

    /**
     * Starts the jar with {@code jvmArgs} (space-separated, may be blank: e.g. a flight recording for profiling) and
     * {@code properties} ({@code --name=value}, overriding the defaults above), its output into {@code log}.
     */
    static GatewayProcess start(Path log, String jvmArgs, String... properties) throws IOException, InterruptedException {
        Path jar = Path.of("target/media-gateway.jar").toAbsolutePath();
        assertThat(jar).as("package first: ./mvnw -q -DskipTests package").exists();
        int port = freePort();
        int rtmpPort = freePort();
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(Arrays.stream(jvmArgs.trim().split("\\s+")).filter(arg -> !arg.isEmpty()).toList());
        command.addAll(List.of("-jar", jar.toString(), "--gateway.http.port=" + port, "--gateway.rtmp.port=" + rtmpPort,
                "--gateway.management.port=0", "--gateway.pulse.autostart=false", "--gateway.display.autostart=false",
                "--logging.level.root=WARN"));
        command.addAll(List.of(properties));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GatewayProcess gateway = new GatewayProcess(process, port, rtmpPort, log);
        ApiClient api = gateway.api();
        boolean up = Waits.until(Duration.ofSeconds(300), () -> {
            try {
                return !process.isAlive() || api.get("/health").status() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        if (!up || !process.isAlive()) {
            gateway.close();
            throw new AssertionError("gateway not up (" + (up ? "exited" : "no /health 200") + "); log " + log + ":\n"
                    + gateway.log());
        }
        return gateway;
    }

    ApiClient api() {
        return new ApiClient(port);
    }

    int port() {
        return port;
    }

    int rtmpPort() {
        return rtmpPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status once it exited (143: stopped by SIGTERM, as {@link #close} does). */
    int exitCode() {
        return process.exitValue();
    }

    /** What the gateway wrote so far (WARN and above, and anything the JVM printed, e.g. a crash). */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
