package io.mediagateway.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Docker image's entrypoint ({@code docker/entrypoint.sh}) natively, with the packaged jar as the gateway:
 * Xvfb, PulseAudio and Chromium come up, the gateway reports both as UP on {@code /health}, the PulseAudio layout
 * exists, and SIGTERM stops everything in order without leaving a process behind.
 *
 * <p>Needs the system packages xvfb, pulseaudio, pulseaudio-utils, chromium and procps. Without them the test is
 * skipped, unless {@code MG_REQUIRE_SYSTEM=true} (CI), where it fails and names the missing package.
 */
class EntrypointScriptIT {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration COMPONENTS_UP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHROMIUM_TIMEOUT = Duration.ofSeconds(30);
    /** The script gives the gateway 20 s and every other child 5 s (plus leftovers' 2 s): 60 s is plenty. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_TIMEOUT = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Process script;
    private Path logFile;
    private int display = -1;
    private int httpPort = -1;
    private Path pulseDir;
    private Path chromiumDir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void entrypointStartsTheDesktopAndTheGatewayAndStopsEverythingOnSigterm() throws Exception {
        String chromiumBin = requireSystemParts();

        Path root = projectRoot();
        Path entrypoint = root.resolve("docker/entrypoint.sh");
        Path jar = root.resolve("target/media-gateway.jar");
        assertTrue(Files.isRegularFile(entrypoint), "missing " + entrypoint);
        assertTrue(Files.isExecutable(entrypoint), entrypoint + " must be executable (chmod +x; the Dockerfile runs it directly)");
        assertTrue(Files.isRegularFile(jar), "missing " + jar + ": run `mvn package` before the integration tests");

        display = freeDisplay();
        int[] ports = freePorts(2);
        httpPort = ports[0];
        int rtmpPort = ports[1];
        pulseDir = tmp.resolve("pulse");
        chromiumDir = tmp.resolve("chromium-profile");
        Path logDir = Files.createDirectories(root.resolve("target/entrypoint-it"));
        logFile = logDir.resolve("entrypoint-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The entrypoint owns Xvfb and PulseAudio (as in the image): the gateway must not start its own.
        String gatewayCmd = String.join(" ", shellQuote(java), "-jar", shellQuote(jar.toString()),
                "--gateway.http.port=" + httpPort, "--gateway.rtmp.port=" + rtmpPort, "--gateway.management.port=0",
                "--gateway.display.autostart=false", "--gateway.pulse.autostart=false");

        ProcessBuilder pb = new ProcessBuilder(entrypoint.toString())
                .directory(root.toFile()) // like WORKDIR /app: ./config is the repository's config/
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Map<String, String> env = pb.environment();
        env.remove("PULSE_SERVER");
        env.remove("CHROMIUM_EXTENSION_DIR");
        env.put("DISPLAY", ":" + display);
        env.put("PULSE_RUNTIME_DIR", pulseDir.toString());
        env.put("CHROMIUM_ENABLED", "true");
        env.put("CHROMIUM_BIN", chromiumBin);
        env.put("CHROMIUM_USER_DATA_DIR", chromiumDir.toString());
        env.put("GATEWAY_CMD", gatewayCmd);

        long startNanos = System.nanoTime();
        script = pb.start();
        log("started " + entrypoint + " (pid " + script.pid() + ") DISPLAY=:" + display + " http=" + httpPort
                + " rtmp=" + rtmpPort + "; output: " + logFile);

        // 1. The gateway answers /health, and sees the display and PulseAudio the script started.
        JsonNode health = awaitHealth(startNanos);
        assertEquals("UP", health.path("components").path("pulseaudio").path("status").asText(),
                "components.pulseaudio in " + health + tail());
        assertEquals("UP", health.path("components").path("display").path("status").asText(),
                "components.display in " + health + tail());

        // 2. PulseAudio has the layout from config/pulse/default.pa.
        String pulseServer = "unix:" + pulseDir.resolve("native");
        List<String> sinks = column2(run(Map.of("PULSE_SERVER", pulseServer), "pactl", "list", "short", "sinks"));
        List<String> sources = column2(run(Map.of("PULSE_SERVER", pulseServer), "pactl", "list", "short", "sources"));
        assertTrue(sinks.contains("audio_input") && sinks.contains("audio_output"),
                "sinks on " + pulseServer + ": " + sinks + tail());
        assertTrue(sources.contains("virtual_mic"), "sources on " + pulseServer + ": " + sources + tail());
        String info = run(Map.of("PULSE_SERVER", pulseServer), "pactl", "info");
        assertTrue(info.contains("Default Sink: audio_output"), "pactl info:\n" + info + tail());
        assertTrue(info.contains("Default Source: virtual_mic"), "pactl info:\n" + info + tail());
        log("PulseAudio sinks " + sinks + ", sources " + sources);

        // 3. Chromium runs with the chosen profile.
        String chromium = awaitChromium();
        log("Chromium: " + abbreviate(chromium, 200));

        // 4. SIGTERM: the script stops its children in order and exits with the gateway's exit code.
        long stopNanos = System.nanoTime();
        script.destroy(); // SIGTERM
        boolean exited = script.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(exited, "entrypoint still running " + EXIT_TIMEOUT.toSeconds() + " s after SIGTERM" + tail());
        int exitCode = script.exitValue();
        log("entrypoint exited with " + exitCode + " " + (System.nanoTime() - stopNanos) / 1_000_000 + " ms after SIGTERM");
        assertTrue(exitCode == 143 || exitCode == 0,
                "exit code " + exitCode + ": expected the gateway's own exit on SIGTERM (143, or 0)" + tail());

        // 5. No orphans: nothing that belonged to this run is left.
        List<String> left = awaitNoLeftovers();
        assertTrue(left.isEmpty(), "processes left after the entrypoint exited:\n  " + String.join("\n  ", left) + tail());

        // 6. ... and it stopped them in the documented order.
        String output = Files.readString(logFile, StandardCharsets.UTF_8);
        int gateway = output.indexOf("[entrypoint] stopping gateway");
        int browser = output.indexOf("[entrypoint] stopping Chromium");
        int pulse = output.indexOf("[entrypoint] stopping PulseAudio");
        int xvfb = output.indexOf("[entrypoint] stopping Xvfb");
        assertTrue(gateway >= 0 && gateway < browser && browser < pulse && pulse < xvfb,
                "expected the phased shutdown gateway -> Chromium -> PulseAudio -> Xvfb" + tail());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (script != null && script.isAlive()) {
            script.destroy();
            if (!script.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                script.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (pulseDir != null) {
            // A failed run must not leave an Xvfb, PulseAudio, Chromium or gateway behind for the next tests.
            for (ProcInfo p : leftovers()) {
                ProcessHandle.of(p.pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Steps
    // ------------------------------------------------------------------------------------------------

    private JsonNode awaitHealth(long startNanos) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = startNanos + HEALTH_TIMEOUT.toNanos();
        String lastProblem = "no answer yet";
        JsonNode body = null;
        long healthyAt = 0;
        while (true) {
            if (!script.isAlive()) {
                fail("entrypoint exited with " + script.exitValue() + " before the gateway was healthy (" + lastProblem + ")" + tail());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    body = JSON.readTree(response.body());
                    if (healthyAt == 0) {
                        healthyAt = System.nanoTime();
                        log(String.format("time from script start to first healthy /health: %d ms",
                                (healthyAt - startNanos) / 1_000_000));
                        startupLine().ifPresent(line -> log("script: " + line));
                        deadline = Math.max(deadline, healthyAt + COMPONENTS_UP_TIMEOUT.toNanos());
                    }
                    if (isUp(body, "pulseaudio") && isUp(body, "display")) {
                        log("/health: " + body);
                        return body;
                    }
                    lastProblem = "200 " + body;
                } else {
                    lastProblem = response.statusCode() + " " + response.body();
                }
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            if (System.nanoTime() > deadline) {
                if (body != null) {
                    return body; // healthy but a component DOWN: the caller's assertions say which
                }
                fail("no 200 from /health within " + HEALTH_TIMEOUT.toSeconds() + " s (" + lastProblem + ")" + tail());
            }
            Thread.sleep(250);
        }
    }

    private static boolean isUp(JsonNode health, String component) {
        return "UP".equals(health.path("components").path(component).path("status").asText());
    }

    private String awaitChromium() throws Exception {
        String pattern = "--user-data-dir=" + regexEscape(chromiumDir.toString());
        long deadline = System.nanoTime() + CHROMIUM_TIMEOUT.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = run(Map.of(), "pgrep", "-a", "-f", "--", pattern);
            for (String line : out.split("\n")) {
                if (line.contains("chromium")) {
                    return line;
                }
            }
            Thread.sleep(250);
        }
        fail("no chromium process with --user-data-dir=" + chromiumDir + " (pgrep: " + out + ")" + tail());
        return null;
    }

    private List<String> awaitNoLeftovers() throws Exception {
        long deadline = System.nanoTime() + ORPHAN_TIMEOUT.toNanos();
        List<ProcInfo> left = leftovers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            left = leftovers();
        }
        return left.stream().map(p -> p.pid + " " + abbreviate(p.cmdline, 200)).collect(Collectors.toList());
    }

    /**
     * Live (non-zombie) processes of this run: command line naming the temp dirs, the display or the gateway's port, or
     * an environment with this run's PULSE_SERVER (the script exports it to every child, before starting any).
     */
    private List<ProcInfo> leftovers() {
        long self = ProcessHandle.current().pid();
        Set<Long> ancestors = ProcessHandle.current().parent().stream()
                .flatMap(p -> Stream.iterate(p, Objects::nonNull, h -> h.parent().orElse(null)))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
        String pulseEnv = "PULSE_SERVER=unix:" + pulseDir.resolve("native");
        Pattern xvfb = Pattern.compile("(^|/)Xvfb :" + display + "(\\s|$)");
        List<ProcInfo> found = new ArrayList<>();
        File[] procs = new File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
        if (procs == null) {
            return found;
        }
        for (File proc : procs) {
            long pid = Long.parseLong(proc.getName());
            if (pid == self || ancestors.contains(pid)) {
                continue;
            }
            try {
                String stat = Files.readString(proc.toPath().resolve("stat"));
                String state = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
                if (state.equals("Z") || state.equals("X")) {
                    continue;
                }
                String cmdline = new String(Files.readAllBytes(proc.toPath().resolve("cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ').trim();
                String environ = "";
                try {
                    environ = new String(Files.readAllBytes(proc.toPath().resolve("environ")), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    // not ours to read
                }
                boolean ours = cmdline.contains(tmp.toString())
                        || xvfb.matcher(cmdline).find()
                        || cmdline.contains("--gateway.http.port=" + httpPort)
                        || Arrays.asList(environ.split("\0")).contains(pulseEnv);
                if (ours) {
                    found.add(new ProcInfo(pid, cmdline.isEmpty() ? "[" + stat.split(" ")[1] + "]" : cmdline));
                }
            } catch (IOException | RuntimeException e) {
                // the process ended while we looked
            }
        }
        return found;
    }

    private record ProcInfo(long pid, String cmdline) {
    }

    // ------------------------------------------------------------------------------------------------
    // Environment
    // ------------------------------------------------------------------------------------------------

    /** Skips (or fails with MG_REQUIRE_SYSTEM=true) when a system part is missing; returns the Chromium binary. */
    private static String requireSystemParts() {
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put("Xvfb", "xvfb");
        packages.put("pulseaudio", "pulseaudio");
        packages.put("pactl", "pulseaudio-utils");
        packages.put("pgrep", "procps");
        packages.put("setsid", "util-linux");
        packages.put("bash", "bash");
        List<String> missing = new ArrayList<>();
        packages.forEach((binary, pkg) -> {
            if (onPath(binary) == null) {
                missing.add(binary + " (Debian package " + pkg + ")");
            }
        });
        String chromium = System.getenv("CHROMIUM_BIN");
        if (chromium == null || chromium.isBlank()) {
            chromium = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : onPath("chromium");
        }
        if (chromium == null || !Files.isExecutable(Path.of(chromium))) {
            missing.add("chromium (Debian package chromium; or set CHROMIUM_BIN)");
        }
        if (!missing.isEmpty()) {
            String message = "EntrypointScriptIT needs " + String.join(", ", missing)
                    + ". Install: apt-get install -y xvfb pulseaudio pulseaudio-utils chromium procps";
            if ("true".equalsIgnoreCase(System.getenv("MG_REQUIRE_SYSTEM"))) {
                fail(message + " (MG_REQUIRE_SYSTEM=true)");
            }
            Assumptions.abort(message);
        }
        return chromium;
    }

    private static String onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return Path.of(dir, binary).toString();
            }
        }
        return null;
    }

    private static Path projectRoot() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = base; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("docker"))) {
                return p;
            }
        }
        return base;
    }

    /** An X display number with neither a socket nor a lock file. */
    private static int freeDisplay() {
        int start = 100 + ThreadLocalRandom.current().nextInt(400);
        for (int i = 0; i < 400; i++) {
            int n = 100 + (start - 100 + i) % 400;
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display number in :100-:499");
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    /** Runs a short command and returns its output (stdout and stderr). */
    private String run(Map<String, String> extraEnv, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 20 s" + tail());
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static List<String> column2(String shortListing) {
        List<String> names = new ArrayList<>();
        for (String line : shortListing.split("\n")) {
            String[] cols = line.split("\t");
            if (cols.length > 1) {
                names.add(cols[1].trim());
            }
        }
        return names;
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String regexEscape(String s) {
        return s.replaceAll("[\\\\.^$|?*+()\\[\\]{}]", "\\\\$0");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private Optional<String> startupLine() {
        try {
            return Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("[entrypoint] all children started")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The script's own log lines and the last lines of all output, for assertion messages. */
    private String tail() {
        if (logFile == null || !Files.exists(logFile)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> own = lines.stream().filter(l -> l.startsWith("[entrypoint]")).collect(Collectors.toList());
            List<String> last = lines.subList(Math.max(0, lines.size() - 40), lines.size());
            return "\n--- entrypoint log lines (" + logFile + ") ---\n" + String.join("\n", own)
                    + "\n--- last " + last.size() + " lines of its output ---\n" + String.join("\n", last);
        } catch (IOException e) {
            return "\n(could not read " + logFile + ": " + e + ")";
        }
    }

    private static void log(String message) {
        System.out.println("[EntrypointScriptIT] " + message);
    }
}
