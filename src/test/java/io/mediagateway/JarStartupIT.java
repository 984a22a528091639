package io.mediagateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as a process from an empty directory on a machine with no PulseAudio, no X display and no
 * v4l2 device, answers /health. Prints the time to the first 200 and the idle resident memory (figures for the README).
 */
class JarStartupIT {

    private static final Path JAR = Path.of("target/media-gateway.jar").toAbsolutePath();

    @TempDir
    Path workDir;

    @Test
    void packagedJarAnswersHealthWithNoSystemParts() throws Exception {
        assertThat(JAR).exists();
        int port = freePort();
        Path log = Path.of("target/jar-startup-it.log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary(), "-jar", JAR.toString(),
                "--gateway.http.port=" + port, "--gateway.rtmp.port=" + freePort(), "--gateway.management.port=0",
                "--gateway.pulse.autostart=false", "--gateway.display.autostart=false"))
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PULSE_SERVER", "unix:" + workDir.resolve("no-pulse/native"));
        builder.environment().put("DISPLAY", ":1998");
        builder.environment().put("GATEWAY_VIDEO_DEVICE", workDir.resolve("video0").toString());
        long started = System.nanoTime();
        Process gateway = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> health = null;
            long deadline = started + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && gateway.isAlive()) {
                try {
                    health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(health).as("no answer from /health; log:\n%s", tail(log)).isNotNull();
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(health.body());
            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.path("mode").asText()).isEqualTo("virtual-file");
            assertThat(body.path("components").path("pulseaudio").path("status").asText()).isEqualTo("DOWN");
            assertThat(body.path("components").path("display").path("status").asText()).isEqualTo("DOWN");
            assertThat(body.path("components").path("video_device").path("status").asText()).isEqualTo("DOWN");

            Thread.sleep(3000); // let start-up garbage settle before reading idle memory
            System.out.printf("[startup] first 200 from /health after %d ms; idle RSS %d MiB; jar %d MiB%n", elapsedMs,
                    residentKiB(gateway.pid()) / 1024, Files.size(JAR) / (1024 * 1024));
        } finally {
            gateway.destroy();
            assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).as("gateway exits on SIGTERM").isTrue();
        }
        assertThat(Files.readString(log)).contains("[http] stopped");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long residentKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
