package io.mediagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.mediagateway.support.ApiClient;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.SystemTools;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/**
 * Feed latency: the time from sending the first chunk of a colour change to a viewer decoding a picture of that
 * colour, and the relay's CPU, for the gateway (MPEG-1 at the configured size and rate: passed through, see
 * TsVideoIngest; otherwise decode → camera → MPEG-1 re-encode → viewers) and for the baseline,
 * a Node `ws` relay that forwards the publisher's bytes untouched (the JSMpeg relay pattern). Same machine, same run,
 * same media (1280×720 @ 30 fps MPEG-1, colour flips every 0.5 s), same decoding viewer. Both servers run as their
 * own processes so their CPU can be read from /proc; each gets one unmeasured warm-up pass first.
 *
 * <p>Run: {@code bench/feed-latency.sh} (needs node and a packaged jar). Not part of the test suite.
 */
class FeedLatencyBench {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int FPS = 30;
    private static final double SEGMENT_SECONDS = 0.5;
    private static final int SEGMENTS = 24;
    private static final int WARMUP_SEGMENTS = 4;

    record Result(String name, int viewers, List<Double> latenciesMs, double cpuPercent) {
        double percentile(double p) {
            return Percentile.of(latenciesMs, p);
        }
    }

    @Test
    void feedLatencyAgainstNodeRelay() throws Exception {
        SystemTools.requireBinaries("nodejs", "node");
        byte[] red = TestMedia.mpeg1Ts("red", WIDTH, HEIGHT, FPS, SEGMENT_SECONDS);
        byte[] blue = TestMedia.mpeg1Ts("blue", WIDTH, HEIGHT, FPS, SEGMENT_SECONDS);

        List<Result> results = new ArrayList<>();
        // e.g. -Dbench.gateway-jvm-args=-XX:StartFlightRecording=filename=target/feed.jfr to profile the gateway
        GatewayProcess gateway = GatewayProcess.start(Path.of("target/bench-gateway.log"),
                System.getProperty("bench.gateway-jvm-args", ""));
        int gatewayPort = gateway.port();
        int relayPort = GatewayProcess.freePort();
        Process relay = new ProcessBuilder("node", "bench/node-relay/relay.mjs", String.valueOf(relayPort))
                .redirectErrorStream(true).redirectOutput(Path.of("target/bench-relay.log").toFile()).start();
        try {
            ApiClient api = gateway.api();
            assertThat(Waits.until(Duration.ofSeconds(20), () -> log("target/bench-relay.log").contains("listening"))).isTrue();

            // one unmeasured pass each first: both servers' JITs (JVM, V8) warm, so CPU is the steady state's
            api.post("/input/devices/virtual/configure", "{\"video\":{\"type\":\"socket\",\"width\":" + WIDTH
                    + ",\"height\":" + HEIGHT + ",\"frame_rate\":" + FPS + "}}");
            run("warm-up", gateway.pid(), gatewayPort, "/input/devices/virtual/socket/video",
                    "/input/devices/virtual/feed/socket", 1, red, blue);
            api.post("/input/devices/virtual/stop", null);
            run("warm-up", relay.pid(), relayPort, "/publish", "/view", 1, red, blue);

            for (int viewers : new int[] {1, 50}) {
                api.post("/input/devices/virtual/configure", "{\"video\":{\"type\":\"socket\",\"width\":" + WIDTH
                        + ",\"height\":" + HEIGHT + ",\"frame_rate\":" + FPS + "}}");
                results.add(run("gateway", gateway.pid(), gatewayPort, "/input/devices/virtual/socket/video",
                        "/input/devices/virtual/feed/socket", viewers, red, blue));
                api.post("/input/devices/virtual/stop", null);
                results.add(run("node-ws-relay", relay.pid(), relayPort, "/publish", "/view", viewers, red, blue));
            }
        } finally {
            gateway.close();
            relay.destroy();
            relay.waitFor(10, TimeUnit.SECONDS);
        }

        System.out.println();
        System.out.println("feed latency: colour change sent → decoded by a viewer; 1280x720 @ 30 fps MPEG-1; "
                + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.printf(Locale.ROOT, "%-14s %7s %9s %9s %9s %8s%n", "server", "viewers", "p50 ms", "p99 ms", "samples", "CPU %");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-14s %7d %9.1f %9.1f %9d %8.1f%n", r.name(), r.viewers(), r.percentile(0.5),
                    r.percentile(0.99), r.latenciesMs().size(), r.cpuPercent());
        }
        for (int i = 0; i + 1 < results.size(); i += 2) {
            Result ours = results.get(i);
            Result base = results.get(i + 1);
            System.out.printf(Locale.ROOT, "ratio gateway/node at %d viewers: p50 %.2f, p99 %.2f, CPU %.2f%n", ours.viewers(),
                    ours.percentile(0.5) / base.percentile(0.5), ours.percentile(0.99) / base.percentile(0.99),
                    ours.cpuPercent() / base.cpuPercent());
        }
    }

    private Result run(String name, long serverPid, int port, String publishPath, String viewPath, int viewerCount,
            byte[] red, byte[] blue) throws Exception {
        List<WsClient> passive = new ArrayList<>();
        FeedViewerClient measured = new FeedViewerClient(port, viewPath);
        for (int i = 1; i < viewerCount; i++) {
            WsClient drain = WsClient.connect(port, viewPath);
            passive.add(drain);
            Thread drainer = new Thread(() -> {
                while (!drain.isClosed()) {
                    drain.binaries().clear();
                    LockSupport.parkNanos(50_000_000);
                }
            });
            drainer.setDaemon(true);
            drainer.start();
        }
        long[] sentAt = new long[SEGMENTS];
        long cpuBefore = ProcessCpu.ticks(serverPid);
        long wallStart = System.nanoTime();
        try (WsClient publisher = WsClient.connect(port, publishPath)) {
            long start = System.nanoTime();
            long segmentNanos = (long) (SEGMENT_SECONDS * 1e9);
            for (int k = 0; k < SEGMENTS; k++) {
                byte[] segment = k % 2 == 0 ? red : blue;
                long segmentStart = start + k * segmentNanos;
                for (int offset = 0; offset < segment.length; offset += 16 * 1024) {
                    long due = segmentStart + (long) ((double) offset / segment.length * segmentNanos);
                    LockSupport.parkNanos(due - System.nanoTime());
                    if (offset == 0) {
                        sentAt[k] = System.nanoTime();
                    }
                    publisher.sendBinary(Arrays.copyOfRange(segment, offset, Math.min(segment.length, offset + 16 * 1024)));
                }
            }
            Thread.sleep(1500);
        }
        double cpu = ProcessCpu.percent(ProcessCpu.ticks(serverPid) - cpuBefore, System.nanoTime() - wallStart);
        List<Double> latencies = new ArrayList<>();
        List<FeedViewerClient.Picture> pictures = List.copyOf(measured.pictures());
        for (int k = WARMUP_SEGMENTS; k < SEGMENTS; k++) {
            int[] colour = k % 2 == 0 ? FeedViewerClient.RED : FeedViewerClient.BLUE;
            long from = sentAt[k];
            long until = k + 1 < SEGMENTS ? sentAt[k + 1] + 1_000_000_000L : Long.MAX_VALUE;
            pictures.stream().filter(p -> p.atNanos() >= from && p.atNanos() < until && p.looks(colour, 20)).findFirst()
                    .ifPresent(p -> latencies.add((p.atNanos() - from) / 1e6));
        }
        measured.close();
        passive.forEach(WsClient::close);
        return new Result(name, viewerCount, latencies, cpu);
    }

    private static String log(String path) {
        try {
            return Files.exists(Path.of(path)) ? Files.readString(Path.of(path)) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
