package io.mediagateway.chromium;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.support.Commands;
import io.mediagateway.support.SystemTools;

/**
 * A headless-Chromium scenario from src/test/browser, run as {@code node <script>.mjs --name=value ...}. The script
 * prints one JSON object per line, each with an "event"; the test waits for events ("ready", "colour", "result") and
 * asserts on them. The script's stderr (Chromium's and the page's messages) goes to target/chromium-it/.
 */
final class ChromiumScenario implements AutoCloseable {

    static final Path BROWSER_DIR = Path.of("src/test/browser");
    private static final Path LOG_DIR = Path.of("target/chromium-it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EXITED = JSON.createObjectNode().put("event", "exited");

    private final Process process;
    private final Path log;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<String> lines = new ArrayList<>();

    private ChromiumScenario(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::readEvents, "chromium-scenario-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Skips the test (or fails it under MG_REQUIRE_SYSTEM=true) unless Chromium, Node and npm are installed. */
    static void requireChromiumAndNode() {
        SystemTools.requireBinaries("chromium", "chromium");
        SystemTools.requireBinaries("nodejs npm", "node", "npm");
    }

    /** {@code npm ci} in src/test/browser when its node_modules is missing (a fresh clone); one at a time. */
    static void ensureNodeModules() throws IOException {
        Path marker = BROWSER_DIR.resolve("node_modules/playwright-core/package.json");
        if (Files.exists(marker)) {
            return;
        }
        Files.createDirectories(Path.of("target"));
        try (FileChannel channel = FileChannel.open(Path.of("target/npm-ci.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            if (Files.exists(marker)) {
                return;
            }
            Commands.Result result = Commands.run(List.of(SystemTools.find("npm").toString(), "ci", "--no-audit",
                    "--no-fund", "--prefix", BROWSER_DIR.toAbsolutePath().toString()), Map.of(), Duration.ofMinutes(10));
            if (result.exitCode() != 0 || !Files.exists(marker)) {
                fail("npm ci in " + BROWSER_DIR + " failed (exit " + result.exitCode() + "):\n" + result.output());
            }
        }
    }

    static ChromiumScenario start(String script, String... args) throws IOException {
        requireChromiumAndNode();
        ensureNodeModules();
        Files.createDirectories(LOG_DIR);
        Path log = LOG_DIR.resolve(script.replace(".mjs", "") + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS")) + ".log");
        List<String> command = new ArrayList<>(List.of(SystemTools.find("node").toString(), script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(BROWSER_DIR.toFile())
                .redirectError(log.toFile()).start();
        process.getOutputStream().close();
        return new ChromiumScenario(process, log);
    }

    /**
     * The first of {@code names} to come (or the "failed" event the script prints when it throws); fails when the
     * script ends or the limit passes first.
     */
    JsonNode await(Duration limit, String... names) throws InterruptedException {
        Set<String> wanted = Set.of(names);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                fail("no " + wanted + " event from the Chromium scenario within " + limit + "\n" + diagnostics());
            }
            String name = event.path("event").asText();
            if (wanted.contains(name)) {
                return event;
            }
            if ("failed".equals(name) || event == EXITED) {
                fail("the Chromium scenario " + (event == EXITED ? "ended" : "failed") + " before " + wanted + ": "
                        + event.path("message").asText("") + "\n" + diagnostics());
            }
        }
    }

    String diagnostics() {
        StringBuilder out = new StringBuilder("stdout:\n");
        synchronized (lines) {
            lines.forEach(l -> out.append("  ").append(l.length() > 2000 ? l.substring(0, 2000) + "…" : l).append('\n'));
        }
        out.append("stderr (").append(log).append("), last lines:\n");
        try {
            List<String> err = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.contains("dbus")).toList();
            err.subList(Math.max(0, err.size() - 30), err.size()).forEach(l -> out.append("  ").append(l).append('\n'));
        } catch (IOException e) {
            out.append("  (unreadable: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    private void readEvents() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                try {
                    events.add(JSON.readTree(line));
                } catch (IOException notJson) {
                    // not an event: kept in lines for the diagnostics
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        events.add(EXITED);
    }

    /** Ends the scenario (and the Chromium it started) if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            // SIGTERM to the script first: it closes its Chromium and removes the profile; then whatever is left
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Waits for the script to end by itself (after its "result"). */
    void awaitExit(Duration limit) throws InterruptedException {
        process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }
}
