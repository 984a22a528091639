package io.mediagateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.MediaProbe;
import io.mediagateway.support.PulseAudioFixture;
import io.mediagateway.support.ScreenPainter;
import io.mediagateway.support.TonePlayer;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.support.XvfbFixture;
import io.mediagateway.webrtc.WebRtcPublisher;
import io.mediagateway.webrtc.WebRtcViewer;
import org.junit.jupiter.api.Test;

/**
 * Livestream WebRTC viewers against the baseline, socket viewers (MPEG-1 + MP2 in TS over a WebSocket), of one desktop
 * streamed by one gateway in one run. The gateway (the packaged jar in its own process, so its CPU is read from /proc
 * without the viewers' decoding in this JVM) captures a 1280×720 Xvfb and a PulseAudio with a 1 kHz tone playing into
 * audio_output, at {@value #FPS} fps, for two streams sharing that capture: {@code {"id":"rtc","mode":"webrtc"}} and
 * {@code {"id":"ts","mode":"socket"}}.
 * <ol>
 *   <li>Latency: the whole display is repainted a new solid colour every 1.5 s ({@value #CHANGES} times, the first
 *       {@value #WARMUP_CHANGES} unmeasured); the time from the repaint to a webrtc-java viewer, and to a socket viewer
 *       decoding the TS with FFmpeg, decoding a picture of that colour; p50/p99. A reference with no gateway, x11grab
 *       of the display in this JVM at the same rate, shows what the painter and one capture take alone.</li>
 *   <li>CPU: the gateway's CPU (% of one core over 15 s, after 5 s) with N = 1, 4, 8 viewers of one mode watching,
 *       minus its CPU with both streams running and nobody watching (measured first, and again at the end), per viewer
 *       (and as the least-squares slope over N); the JVM's JIT compiler threads, still busy minutes after start-up, are
 *       shown apart and left out of those figures. Viewers join one at a time, each showing pictures before the next. Meanwhile the desktop is animated at 20 fps, as a real one
 *       changes ({@code -Dbench.still-desktop=true} keeps it one colour: then encoders have next to nothing to do).</li>
 * </ol>
 * Figures are printed and written to target/webrtc-viewers-bench.txt. Run: {@code bench/webrtc-viewers.sh}. Not part
 * of the test suite; it asserts nothing about time, only that viewers get pictures at all.
 */
class WebRtcViewerBench {

    private static final int FPS = 20;
    private static final int CHANGES = 22;
    private static final int WARMUP_CHANGES = 2;
    private static final long CHANGE_NANOS = 1_500_000_000L;
    /** Colours the display takes in turn: any two differ by far more than the tolerances, in RGB and in YUV. */
    private static final int[] PALETTE = {0xc02020, 0x2020c0, 0x20c020, 0xc0c020, 0xc020c0, 0x20c0c0};
    private static final int[] VIEWERS = {1, 4, 8};
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration WINDOW = Duration.ofSeconds(15);
    /** How long a viewer may take to show its first picture, and a departed WebRTC viewer to be counted out. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String TAG = "[webrtc-viewers] ";

    /** A decoded picture: when, and which palette colour it shows (-1: none). */
    record Seen(long atNanos, int colour) {
    }

    /** A viewer of either kind, as the CPU measurement needs it; {@code probe} decodes a socket viewer's stream. */
    record Viewer(LongSupplier pictures, Supplier<String> size, MediaProbe probe, AutoCloseable closer)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    /**
     * The gateway's CPU with {@code viewers} viewers of {@code mode} (of which its JIT compiler threads), and what the
     * viewers got meanwhile.
     */
    record Load(String mode, int viewers, double cpu, double jitCpu, double picturesPerSecond, String sizes,
            double benchCpu, String loadAverage) {

        /** Without the JIT compilers: they still work minutes after start-up, a cost that is no viewer's. */
        double steady() {
            return cpu - jitCpu;
        }
    }

    private final StringBuilder report = new StringBuilder();

    @Test
    void webrtcViewersAgainstSocketViewers() throws Exception {
        print("1280x720 desktop at %d fps + 1 kHz tone; gateway = the packaged jar in its own process; %d cores; load "
                + "average at start %s", FPS, Runtime.getRuntime().availableProcessors(), loadAverage());
        try (XvfbFixture xvfb = XvfbFixture.start("1280x720x24");
                PulseAudioFixture pulse = PulseAudioFixture.start(Path.of("target/pa-webrtc-viewers").toAbsolutePath());
                TonePlayer tone = TonePlayer.start(pulse.server(), "audio_output", 1000);
                ScreenPainter painter = ScreenPainter.start(xvfb.display(), PALETTE[PALETTE.length - 1]);
                GatewayProcess gateway = GatewayProcess.start(Path.of("target/bench-webrtc-viewers-gateway.log"),
                        System.getProperty("bench.gateway-jvm-args", ""), "--gateway.display.name=" + xvfb.display(),
                        "--gateway.pulse.server=" + pulse.server())) {
            ApiClient api = gateway.api();
            start(api, "{\"id\":\"rtc\",\"mode\":\"webrtc\",\"framerate\":" + FPS + "}");
            start(api, "{\"id\":\"ts\",\"mode\":\"socket\",\"framerate\":" + FPS + "}");
            try {
                latency(gateway, xvfb, painter);
                cpu(gateway, xvfb);
                for (String id : List.of("rtc", "ts")) {
                    ApiClient.Response stopped = api.post("/stream/stop", "{\"id\":\"" + id + "\"}");
                    if (stopped.status() != 200) {
                        throw new AssertionError("stopping " + id + ": " + stopped);
                    }
                }
                long stopping = System.nanoTime();
                gateway.close();
                print("streams stopped; the gateway exited with %d %.1f s after SIGTERM", gateway.exitCode(),
                        (System.nanoTime() - stopping) / 1e9);
            } catch (Exception | AssertionError e) {
                print("FAILED: %s; gateway %s; streams %s; gateway log (target/bench-webrtc-viewers-gateway.log):%n%s",
                        e.getMessage(), gateway.isAlive() ? "alive" : "exited", streams(gateway), tail(gateway.log()));
                throw e;
            }
        } finally {
            WebRtcPublisher.disposeShared(); // the viewers' factory, once every viewer is closed
            Files.writeString(Path.of("target/webrtc-viewers-bench.txt"), report);
        }
    }

    // --- latency -------------------------------------------------------------------------------------------------

    private void latency(GatewayProcess gateway, XvfbFixture xvfb, ScreenPainter painter) throws Exception {
        ApiClient api = gateway.api();
        Queue<Seen> rtcSeen = new ConcurrentLinkedQueue<>();
        Queue<Seen> tsSeen = new ConcurrentLinkedQueue<>();
        Queue<Seen> displaySeen = new ConcurrentLinkedQueue<>();
        long[] paintedAt = new long[CHANGES];
        try (WebRtcViewer rtc = join(api, "rtc"); Viewer ts = socketViewer(gateway.port());
                MediaProbe display = MediaProbe.display(xvfb.display(), FPS)) {
            rtc.onPicture(rgb -> rtcSeen.add(new Seen(System.nanoTime(), colourOf(rgb))));
            ts.probe().onPicture(rgb -> tsSeen.add(new Seen(System.nanoTime(), colourOf(rgb))));
            display.onPicture(rgb -> displaySeen.add(new Seen(System.nanoTime(), colourOf(rgb))));
            if (!Waits.until(PATIENCE, () -> display.pictures() > 0)) {
                throw new AssertionError("x11grab of the display got no picture: " + display);
            }
            long start = System.nanoTime() + CHANGE_NANOS;
            for (int k = 0; k < CHANGES; k++) {
                LockSupport.parkNanos(start + k * CHANGE_NANOS - System.nanoTime());
                paintedAt[k] = System.nanoTime();
                painter.paint(PALETTE[k % PALETTE.length]);
            }
            Thread.sleep(CHANGE_NANOS / 1_000_000);
        }
        List<Double> webrtc = latencies(List.copyOf(rtcSeen), paintedAt);
        List<Double> socket = latencies(List.copyOf(tsSeen), paintedAt);
        List<Double> floor = latencies(List.copyOf(displaySeen), paintedAt);
        print("latency: display repainted a new colour every %.1f s → a picture of it decoded by the viewer (%d changes "
                + "after %d unmeasured)", CHANGE_NANOS / 1e9, CHANGES - WARMUP_CHANGES, WARMUP_CHANGES);
        print("%-48s %8s %8s %8s %8s", "viewer", "p50 ms", "p99 ms", "max ms", "seen");
        printLatency("webrtc (VP8; webrtc-java in the bench JVM)", webrtc);
        printLatency("socket (MPEG-1 TS; FFmpeg) = baseline", socket);
        printLatency("reference: x11grab of the display (no gateway)", floor);
        print("ratio webrtc/socket: p50 %.2f, p99 %.2f; p50 above the reference: webrtc %.1f ms, socket %.1f ms",
                Percentile.of(webrtc, 0.5) / Percentile.of(socket, 0.5), Percentile.of(webrtc, 0.99) / Percentile.of(socket, 0.99),
                Percentile.of(webrtc, 0.5) - Percentile.of(floor, 0.5), Percentile.of(socket, 0.5) - Percentile.of(floor, 0.5));
    }

    private void printLatency(String viewer, List<Double> ms) {
        print("%-48s %8.1f %8.1f %8.1f %5d/%-3d", viewer, Percentile.of(ms, 0.5), Percentile.of(ms, 0.99),
                Percentile.of(ms, 1), ms.size(), CHANGES - WARMUP_CHANGES);
    }

    /** For each measured change: the first picture of its colour decoded before the change after next. */
    private static List<Double> latencies(List<Seen> seen, long[] changedAt) {
        List<Double> latencies = new ArrayList<>();
        for (int k = WARMUP_CHANGES; k < CHANGES; k++) {
            int colour = k % PALETTE.length;
            long from = changedAt[k];
            long until = from + 2 * CHANGE_NANOS;
            seen.stream().filter(s -> s.atNanos() >= from && s.atNanos() < until && s.colour() == colour).findFirst()
                    .ifPresent(s -> latencies.add((s.atNanos() - from) / 1e6));
        }
        return latencies;
    }

    private static int colourOf(int[] rgb) {
        for (int i = 0; i < PALETTE.length; i++) {
            int c = PALETTE[i];
            if (Math.abs(rgb[0] - (c >> 16)) <= 40 && Math.abs(rgb[1] - ((c >> 8) & 0xff)) <= 40
                    && Math.abs(rgb[2] - (c & 0xff)) <= 40) {
                return i;
            }
        }
        return -1;
    }

    // --- CPU -----------------------------------------------------------------------------------------------------

    private void cpu(GatewayProcess gateway, XvfbFixture xvfb) throws Exception {
        ApiClient api = gateway.api();
        boolean still = Boolean.getBoolean("bench.still-desktop");
        try (ScreenPainter animation = still ? null : ScreenPainter.animated(xvfb.display(), FPS)) {
            double countedOut = awaitNoViewers(api, "rtc");
            print("CPU: the gateway process, %% of one core over %d s after %d s, desktop %s; the WebRTC viewer of the "
                    + "latency phase was counted out %.1f s after it closed", WINDOW.toSeconds(), WARM_UP.toSeconds(),
                    still ? "one colour" : "animated at " + FPS + " fps", countedOut);
            // JIT %: the gateway's JIT compiler threads, part of its CPU %; the figures after "w/o JIT" leave them out;
            // bench %: this JVM (the viewers' decoding)
            print("%-7s %7s %7s %7s %9s %10s %10s %11s %-22s %8s  %s", "mode", "viewers", "CPU %", "JIT %", "w/o JIT",
                    "above idle", "per viewer", "pictures/s", "picture sizes", "bench %", "load average");
            Load idle = measure(gateway, "none", List.of());
            printLoad(idle, idle);
            List<Load> loads = new ArrayList<>();
            // socket viewers first: one that closes is counted out at once, a WebRTC one only when ICE consent fails
            loads.addAll(withViewers(gateway, "socket", () -> socketViewer(gateway.port()), idle));
            awaitNoViewers(api, "ts");
            loads.addAll(withViewers(gateway, "webrtc", () -> webRtcViewerOf(api), idle));
            countedOut = awaitNoViewers(api, "rtc");
            Load idleAgain = measure(gateway, "none", List.of());
            printLoad(idleAgain, idle);
            print("the WebRTC viewers were counted out %.1f s after they closed; idle again: %+.1f %% (w/o JIT)",
                    countedOut, idleAgain.steady() - idle.steady());
            StringBuilder whole = new StringBuilder("ratio webrtc/socket, whole gateway CPU w/o JIT:");
            for (int n : VIEWERS) {
                whole.append(String.format(Locale.ROOT, " N=%d %.2f;", n, find(loads, "webrtc", n).steady()
                        / find(loads, "socket", n).steady()));
            }
            print("%s", whole);
            Fit webrtc = Fit.of(loads, "webrtc", idle, idleAgain);
            Fit socket = Fit.of(loads, "socket", idle, idleAgain);
            // a socket viewer's cost may be too small to tell from the machine's noise: then the ratio is a lower bound
            print("CPU per viewer (w/o JIT; least-squares slope over 0, 1, 4, 8 viewers and idle again, ± standard error): webrtc "
                    + "%.2f ± %.2f %%, socket %.2f ± %.2f %%; ratio webrtc/socket %s", webrtc.slope(), webrtc.error(),
                    socket.slope(), socket.error(), socket.slope() > 2 * socket.error()
                            ? String.format(Locale.ROOT, "%.1f", webrtc.slope() / socket.slope())
                            : String.format(Locale.ROOT, ">= %.0f (socket within two standard errors of 0)",
                                    webrtc.slope() / Math.max(0.01, socket.slope() + 2 * socket.error())));
        }
    }

    /** Waits until the gateway counts no viewer of stream {@code id}; returns how long that took, in seconds. */
    private static double awaitNoViewers(ApiClient api, String id) throws InterruptedException {
        long since = System.nanoTime();
        if (!Waits.until(PATIENCE, () -> viewers(api, id) == 0)) {
            throw new AssertionError("viewers of " + id + " still counted " + PATIENCE + " after they closed: "
                    + viewers(api, id));
        }
        return (System.nanoTime() - since) / 1e9;
    }

    /** Adds viewers of one kind up to each N in turn and measures; closes them all at the end. */
    private List<Load> withViewers(GatewayProcess gateway, String mode, ViewerFactory next, Load idle) throws Exception {
        List<Load> loads = new ArrayList<>();
        List<Viewer> viewers = new ArrayList<>();
        try {
            for (int n : VIEWERS) {
                while (viewers.size() < n) {
                    viewers.add(next.join());
                }
                Load load = measure(gateway, mode, viewers);
                loads.add(load);
                printLoad(load, idle);
                String id = mode.equals("webrtc") ? "rtc" : "ts";
                int counted = viewers(gateway.api(), id);
                if (counted != n) {
                    print("note: the gateway counts %d viewers of %s, %d are watching", counted, id, n);
                }
            }
        } finally {
            for (Viewer viewer : viewers) {
                viewer.close();
            }
        }
        return loads;
    }

    private static Load measure(GatewayProcess gateway, String mode, List<Viewer> viewers) throws InterruptedException {
        Thread.sleep(WARM_UP.toMillis());
        long bench = ProcessHandle.current().pid();
        long gatewayBefore = ProcessCpu.ticks(gateway.pid());
        long jitBefore = ProcessCpu.jitTicks(ProcessCpu.threadTicks(gateway.pid()));
        long benchBefore = ProcessCpu.ticks(bench);
        long picturesBefore = viewers.stream().mapToLong(v -> v.pictures().getAsLong()).sum();
        long start = System.nanoTime();
        Thread.sleep(WINDOW.toMillis());
        long elapsed = System.nanoTime() - start;
        double cpu = ProcessCpu.percent(ProcessCpu.ticks(gateway.pid()) - gatewayBefore, elapsed);
        double jit = ProcessCpu.percent(ProcessCpu.jitTicks(ProcessCpu.threadTicks(gateway.pid())) - jitBefore, elapsed);
        double benchCpu = ProcessCpu.percent(ProcessCpu.ticks(bench) - benchBefore, elapsed);
        long pictures = viewers.stream().mapToLong(v -> v.pictures().getAsLong()).sum() - picturesBefore;
        Map<String, Integer> sizes = new TreeMap<>();
        viewers.forEach(v -> sizes.merge(v.size().get(), 1, Integer::sum));
        if (!gateway.isAlive()) {
            throw new AssertionError("the gateway exited while " + viewers.size() + " " + mode + " viewers watched");
        }
        return new Load(mode, viewers.size(), cpu, jit, viewers.isEmpty() ? 0 : pictures / (elapsed / 1e9) / viewers.size(),
                sizes.isEmpty() ? "-" : sizes.toString().replace(" ", ""), benchCpu, loadAverage());
    }

    /** CPU per viewer: the least-squares slope of the gateway's CPU over the viewer count, and its standard error. */
    record Fit(double slope, double error) {
        static Fit of(List<Load> loads, String mode, Load... idle) {
            List<Load> points = new ArrayList<>(List.of(idle));
            points.addAll(loads.stream().filter(l -> l.mode().equals(mode)).toList());
            double meanX = points.stream().mapToDouble(Load::viewers).average().orElseThrow();
            double meanY = points.stream().mapToDouble(Load::steady).average().orElseThrow();
            double sxx = points.stream().mapToDouble(p -> (p.viewers() - meanX) * (p.viewers() - meanX)).sum();
            double sxy = points.stream().mapToDouble(p -> (p.viewers() - meanX) * (p.steady() - meanY)).sum();
            double slope = sxy / sxx;
            double residuals = points.stream()
                    .mapToDouble(p -> Math.pow(p.steady() - meanY - slope * (p.viewers() - meanX), 2)).sum();
            return new Fit(slope, Math.sqrt(residuals / (points.size() - 2) / sxx));
        }
    }

    private void printLoad(Load load, Load idle) {
        print("%-7s %7d %7.1f %7.1f %9.1f %10.1f %10.1f %11.1f %-22s %8.1f  %s", load.mode(), load.viewers(),
                load.cpu(), load.jitCpu(), load.steady(), load.steady() - idle.steady(), perViewer(load, idle),
                load.picturesPerSecond(), load.sizes(), load.benchCpu(), load.loadAverage());
    }

    private static double perViewer(Load load, Load idle) {
        return load.viewers() == 0 ? 0 : (load.steady() - idle.steady()) / load.viewers();
    }

    private static Load find(List<Load> loads, String mode, int viewers) {
        return loads.stream().filter(l -> l.mode().equals(mode) && l.viewers() == viewers).findFirst().orElseThrow();
    }

    // --- viewers -------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface ViewerFactory {
        Viewer join() throws Exception;
    }

    private static Viewer webRtcViewerOf(ApiClient api) throws Exception {
        WebRtcViewer viewer = join(api, "rtc");
        return new Viewer(viewer::pictures, viewer::size, null, viewer);
    }

    /** A socket viewer decoding the TS with FFmpeg (as the socket ITs do), once it showed a picture. */
    private static Viewer socketViewer(int port) throws Exception {
        WsClient socket = WsClient.connect(port, "/stream/socket/ts");
        MediaProbe probe = MediaProbe.watching(socket, "mpegts");
        Viewer viewer = new Viewer(probe::pictures, probe::size, probe, () -> {
            socket.close();
            probe.close();
        });
        if (!Waits.until(PATIENCE, () -> probe.pictures() > 0)) {
            viewer.close();
            throw new AssertionError("a socket viewer got no picture in " + PATIENCE + ": " + probe);
        }
        return viewer;
    }

    /** A WebRTC viewer of stream {@code id}, once it showed a picture; joins when no other viewer is joining. */
    private static WebRtcViewer join(ApiClient api, String id) throws Exception {
        WebRtcViewer viewer = new WebRtcViewer();
        try {
            ApiClient.Response answer = viewer.watchWhenFree(api, id, PATIENCE);
            if (answer.status() != 200) {
                throw new AssertionError("offer refused: " + answer);
            }
            if (!Waits.until(PATIENCE, () -> viewer.pictures() > 0)) {
                throw new AssertionError("a WebRTC viewer got no picture in " + PATIENCE + ": " + viewer);
            }
            return viewer;
        } catch (Exception | AssertionError e) {
            viewer.close();
            throw e;
        }
    }

    // --- gateway -------------------------------------------------------------------------------------------------

    private static void start(ApiClient api, String body) {
        ApiClient.Response response = api.post("/stream/start", body);
        if (response.status() != 201) {
            throw new AssertionError("start failed: " + response);
        }
    }

    private static int viewers(ApiClient api, String id) {
        for (JsonNode stream : api.get("/stream/list").json()) {
            if (stream.path("id").asText().equals(id)) {
                return stream.path("viewers").asInt();
            }
        }
        throw new AssertionError("no stream " + id);
    }

    private static String streams(GatewayProcess gateway) {
        try {
            return gateway.api().get("/stream/list").body();
        } catch (RuntimeException e) {
            return "(no answer: " + e.getMessage() + ")";
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private void print(String format, Object... args) {
        String line = TAG + String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.append(line).append('\n');
    }
}
