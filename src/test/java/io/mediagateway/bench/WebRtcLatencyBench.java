package io.mediagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.WsClient;
import io.mediagateway.webrtc.WebRtcPublisher;
import org.junit.jupiter.api.Test;

/**
 * WebRTC ingest latency: a webrtc-java publisher in this JVM flips its solid colour (red/blue) every 0.5 s at
 * 1280×720 @ 30 fps (VP8); the time from the first frame of a colour being pushed to a feed viewer decoding that colour,
 * p50/p99, and the gateway's CPU %. Baseline, same gateway process and run: socket ingest of the same picture as
 * MPEG-1 TS (chunk of a colour sent → decoded by the viewer). Also: offer POST → answer, and offer POST → first frame of
 * the publisher's colour on the feed, over fresh connections.
 *
 * <p>Run: {@code bench/webrtc-latency.sh} (packages the jar first). Not part of the test suite.
 */
class WebRtcLatencyBench {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int FPS = 30;
    private static final long SEGMENT_NANOS = 500_000_000L;
    private static final int SEGMENTS = 24;
    private static final int WARMUP_SEGMENTS = 4;
    private static final int CONNECTS = 10;
    private static final String VIEW = "/input/devices/virtual/feed/socket";
    private static final String OFFER = "/input/devices/virtual/webrtc/offer";

    record Result(String name, List<Double> latenciesMs, double cpuPercent) {
        double percentile(double p) {
            return Percentile.of(latenciesMs, p);
        }
    }

    @Test
    void webrtcIngestAgainstSocketIngest() throws Exception {
        GatewayProcess gateway = GatewayProcess.start(Path.of("target/bench-webrtc-gateway.log"), "");
        int port = gateway.port();
        List<Result> results = new ArrayList<>();
        List<Double> answerMs = new ArrayList<>();
        List<Double> firstFrameMs = new ArrayList<>();
        try {
            ApiClient api = gateway.api();
            String size = "\"width\":" + WIDTH + ",\"height\":" + HEIGHT + ",\"frame_rate\":" + FPS;

            api.post("/input/devices/virtual/configure", "{\"video\":{\"type\":\"webrtc\"," + size + "}}");
            results.add(webrtc(gateway.pid(), port, api));
            for (int i = 0; i < CONNECTS; i++) {
                connect(port, api, answerMs, firstFrameMs, i % 2 == 0 ? FeedViewerClient.RED : FeedViewerClient.BLUE);
            }
            api.post("/input/devices/virtual/configure", "{\"video\":{\"type\":\"socket\"," + size + "}}");
            results.add(socket(gateway.pid(), port));
        } finally {
            WebRtcPublisher.disposeShared();
            gateway.close();
        }

        System.out.println();
        System.out.println("webrtc ingest latency: colour pushed → decoded by a feed viewer; 1280x720 @ 30 fps; "
                + Runtime.getRuntime().availableProcessors() + " cores; publisher and viewer in the bench JVM");
        System.out.printf(Locale.ROOT, "%-22s %9s %9s %9s %8s%n", "path", "p50 ms", "p99 ms", "samples", "CPU %");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-22s %9.1f %9.1f %9d %8.1f%n", r.name(), r.percentile(0.5), r.percentile(0.99),
                    r.latenciesMs().size(), r.cpuPercent());
        }
        Result ours = results.get(0);
        Result base = results.get(1);
        System.out.printf(Locale.ROOT, "ratio webrtc/socket: p50 %.2f, p99 %.2f, CPU %.2f%n",
                ours.percentile(0.5) / base.percentile(0.5), ours.percentile(0.99) / base.percentile(0.99),
                ours.cpuPercent() / base.cpuPercent());
        System.out.printf(Locale.ROOT, "offer POST → answer: p50 %.1f ms, max %.1f ms; offer POST → first publisher frame on"
                + " the feed: p50 %.1f ms, max %.1f ms (%d fresh connections)%n", Percentile.of(answerMs, 0.5),
                Percentile.of(answerMs, 1), Percentile.of(firstFrameMs, 0.5), Percentile.of(firstFrameMs, 1), answerMs.size());
    }

    private Result webrtc(long pid, int port, ApiClient api) throws Exception {
        FeedViewerClient viewer = new FeedViewerClient(port, VIEW);
        long[] flippedAt = new long[SEGMENTS];
        double cpu;
        try (WebRtcPublisher publisher = new WebRtcPublisher("VP8", false, WIDTH, HEIGHT, FPS, FeedViewerClient.BLUE)) {
            publisher.publish(body -> api.post(OFFER, body).body());
            assertThat(publisher.awaitConnected(Duration.ofSeconds(20))).isTrue();
            Thread.sleep(2000); // the encoder ramps its bitrate up to 720p first
            long cpuBefore = ProcessCpu.ticks(pid);
            long start = System.nanoTime();
            for (int k = 0; k < SEGMENTS; k++) {
                LockSupport.parkNanos(start + k * SEGMENT_NANOS - System.nanoTime());
                publisher.colour(k % 2 == 0 ? FeedViewerClient.RED : FeedViewerClient.BLUE);
                flippedAt[k] = System.nanoTime();
            }
            Thread.sleep(1500);
            cpu = ProcessCpu.percent(ProcessCpu.ticks(pid) - cpuBefore, System.nanoTime() - start);
        }
        Result result = new Result("webrtc (VP8)", latencies(viewer, flippedAt), cpu);
        viewer.close();
        return result;
    }

    private Result socket(long pid, int port) throws Exception {
        byte[] red = TestMedia.mpeg1Ts("red", WIDTH, HEIGHT, FPS, SEGMENT_NANOS / 1e9);
        byte[] blue = TestMedia.mpeg1Ts("blue", WIDTH, HEIGHT, FPS, SEGMENT_NANOS / 1e9);
        FeedViewerClient viewer = new FeedViewerClient(port, VIEW);
        long[] sentAt = new long[SEGMENTS];
        long cpuBefore = ProcessCpu.ticks(pid);
        long start = System.nanoTime();
        try (WsClient publisher = WsClient.connect(port, "/input/devices/virtual/socket/video")) {
            for (int k = 0; k < SEGMENTS; k++) {
                byte[] segment = k % 2 == 0 ? red : blue;
                long segmentStart = start + k * SEGMENT_NANOS;
                for (int offset = 0; offset < segment.length; offset += 16 * 1024) {
                    LockSupport.parkNanos(segmentStart + (long) ((double) offset / segment.length * SEGMENT_NANOS)
                            - System.nanoTime());
                    if (offset == 0) {
                        sentAt[k] = System.nanoTime();
                    }
                    publisher.sendBinary(Arrays.copyOfRange(segment, offset, Math.min(segment.length, offset + 16 * 1024)));
                }
            }
            Thread.sleep(1500);
        }
        double cpu = ProcessCpu.percent(ProcessCpu.ticks(pid) - cpuBefore, System.nanoTime() - start);
        Result result = new Result("socket mpegts (baseline)", latencies(viewer, sentAt), cpu);
        viewer.close();
        return result;
    }

    /** A fresh publisher: POST → answer, and POST → first picture of its colour on an already-open feed. */
    private void connect(int port, ApiClient api, List<Double> answerMs, List<Double> firstFrameMs, int[] colour)
            throws Exception {
        try (FeedViewerClient viewer = new FeedViewerClient(port, VIEW);
                WebRtcPublisher publisher = new WebRtcPublisher("VP8", false, WIDTH, HEIGHT, FPS, colour)) {
            String offer = publisher.offer();
            Thread.sleep(300);
            long posted = System.nanoTime();
            ApiClient.Response answer = api.post(OFFER, new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(java.util.Map.of("sdp", offer)));
            answerMs.add((System.nanoTime() - posted) / 1e6);
            publisher.answer(answer.json().path("sdp").asText());
            FeedViewerClient.Picture first = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (first == null && System.nanoTime() < until) {
                first = viewer.pictures().stream().filter(p -> p.atNanos() > posted && p.looks(colour, 20)).findFirst()
                        .orElse(null);
                Thread.sleep(5);
            }
            if (first != null) {
                firstFrameMs.add((first.atNanos() - posted) / 1e6);
            }
        }
        Thread.sleep(700); // stale-after: the feed goes black before the next publisher
    }

    private static List<Double> latencies(FeedViewerClient viewer, long[] changedAt) {
        List<Double> latencies = new ArrayList<>();
        List<FeedViewerClient.Picture> pictures = List.copyOf(viewer.pictures());
        for (int k = WARMUP_SEGMENTS; k < SEGMENTS; k++) {
            int[] colour = k % 2 == 0 ? FeedViewerClient.RED : FeedViewerClient.BLUE;
            long from = changedAt[k];
            long until = k + 1 < SEGMENTS ? changedAt[k + 1] + 1_000_000_000L : Long.MAX_VALUE;
            pictures.stream().filter(p -> p.atNanos() >= from && p.atNanos() < until && p.looks(colour, 20)).findFirst()
                    .ifPresent(p -> latencies.add((p.atNanos() - from) / 1e6));
        }
        return latencies;
    }

}
