package io.mediagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mediagateway.rtmp.RtmpTestClient;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.DeflateBomb;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.RawWebSocket;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.VideoPublishing;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} latency and the feed's worst picture gap while hostile clients attack the port, against the same
 * gateway process idle (the baseline), same run. One real-time publisher (MPEG-1 320×240 @ 25) and one feed viewer
 * run throughout. Attacks, each for {@link #PHASE} from {@link #ATTACKERS} connections at once: WebSocket frames
 * compressed (RSV1) from 32 MiB of one byte, pings as fast as the socket takes them and never a pong read, RTMP
 * sessions declaring two 4 MiB messages and sending 128 bytes of each.
 *
 * <p>Run: {@code bench/hostile-input.sh}. Not part of the test suite.
 */
class HostileInputBench {

    private static final Duration PHASE = Duration.ofSeconds(15);
    private static final int ATTACKERS = 4;

    interface Attacker {
        void attack(int port, int rtmpPort, AtomicBoolean running) throws Exception;
    }

    @Test
    void healthLatencyUnderAttackAgainstIdle() throws Exception {
        byte[] clip = TestMedia.mpeg1Ts("red", 320, 240, 25, 2);
        byte[] bomb = DeflateBomb.of(32 * 1024 * 1024);
        GatewayProcess gateway = GatewayProcess.start(Path.of("target/bench-hostile-gateway.log"), "");
        List<String> lines = new ArrayList<>();
        try {
            ApiClient api = gateway.api();
            api.post("/input/devices/virtual/configure",
                    "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":25}}");
            try (FeedViewerClient viewer = new FeedViewerClient(gateway.port(), "/input/devices/virtual/feed/socket");
                    WsClient publisher = VideoPublishing.connectPublisher(gateway.port(),
                            "/input/devices/virtual/socket/video", Duration.ofSeconds(20));
                    VideoPublishing.PacedLoop sending = VideoPublishing.PacedLoop.start(publisher, clip, 2,
                            Integer.MAX_VALUE, 1)) {
                assertThat(viewer.awaitColour(FeedViewerClient.RED, Duration.ofSeconds(30))).isTrue();
                phase(gateway, viewer, "warm-up (not counted)", null);
                double[] idle = phase(gateway, viewer, "idle", null);
                lines.add(line("idle (baseline)", idle, idle));
                lines.add(line("compressed bombs", phase(gateway, viewer, "bombs", (port, rtmp, running) -> {
                    while (running.get()) {
                        try (RawWebSocket socket = RawWebSocket.connect(port, "/input/devices/virtual/feed/socket", 0,
                                "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
                            socket.sendFrame(0x80 | 0x40 | RawWebSocket.BINARY, bomb);
                            socket.awaitClose(Duration.ofSeconds(10));
                        } catch (IOException closed) {
                            // the gateway closed on the frame's header
                        }
                    }
                }), idle));
                lines.add(line("ping flood", phase(gateway, viewer, "pings", (port, rtmp, running) -> {
                    byte[] payload = new byte[125];
                    while (running.get()) {
                        try (RawWebSocket socket = RawWebSocket.connect(port, "/input/devices/virtual/feed/socket", 4096)) {
                            for (int i = 0; i < 5000 && running.get(); i++) {
                                socket.sendFrame(0x80 | 0x9, payload);
                            }
                            socket.abort();
                        } catch (IOException closed) {
                            // dropped by the gateway
                        }
                    }
                }), idle));
                lines.add(line("RTMP declared giants", phase(gateway, viewer, "rtmp", (port, rtmp, running) -> {
                    while (running.get()) {
                        List<RtmpTestClient> sessions = new ArrayList<>();
                        try {
                            for (int i = 0; i < 15; i++) {
                                RtmpTestClient session = RtmpTestClient.connect("127.0.0.1", rtmp, "live");
                                sessions.add(session);
                                session.sendUnfinished(4, 4 * 1024 * 1024, 128);
                                session.sendUnfinished(5, 4 * 1024 * 1024, 128);
                            }
                        } catch (IOException refused) {
                            // closed by the server's budget
                        } finally {
                            for (RtmpTestClient session : sessions) {
                                session.close();
                            }
                        }
                    }
                }), idle));
            }
        } finally {
            gateway.close();
        }
        lines.add(0, "hostile input: /health every 20 ms and the feed's worst picture gap, " + ATTACKERS
                + " attackers per phase of " + PHASE.toSeconds() + " s (" + Runtime.getRuntime().availableProcessors()
                + " cores, load average " + loadAverage() + ")");
        lines.add(1, String.format("%-24s %8s %8s %8s %8s %10s %12s", "phase", "n", "p50 ms", "p99 ms", "max ms",
                "p99/idle", "worst gap ms"));
        lines.forEach(System.out::println);
        Files.write(Path.of("target/hostile-input-bench.txt"), lines);
    }

    /** /health every 20 ms for a phase while the attackers run; returns {n, p50, p99, max, worst picture gap} in ms. */
    private static double[] phase(GatewayProcess gateway, FeedViewerClient viewer, String name, Attacker attacker)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> attackers = new ArrayList<>();
        for (int i = 0; attacker != null && i < ATTACKERS; i++) {
            Thread thread = new Thread(() -> {
                try {
                    attacker.attack(gateway.port(), gateway.rtmpPort(), running);
                } catch (Exception e) {
                    System.out.println("[hostile-bench] attacker " + name + " stopped: " + e);
                }
            }, "attacker-" + name + "-" + i);
            thread.start();
            attackers.add(thread);
        }
        ApiClient api = gateway.api();
        List<Double> latencies = new ArrayList<>();
        long from = System.nanoTime();
        long end = from + PHASE.toNanos();
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            int status = api.get("/health").status();
            latencies.add(status == 200 ? (System.nanoTime() - start) / 1e6 : Double.POSITIVE_INFINITY);
            Thread.sleep(20);
        }
        running.set(false);
        for (Thread thread : attackers) {
            thread.join(30_000);
        }
        List<FeedViewerClient.Picture> pictures = viewer.between(from, System.nanoTime());
        long worstGap = 0;
        for (int i = 1; i < pictures.size(); i++) {
            worstGap = Math.max(worstGap, pictures.get(i).atNanos() - pictures.get(i - 1).atNanos());
        }
        return new double[] {latencies.size(), Percentile.of(latencies, 0.5), Percentile.of(latencies, 0.99),
                Percentile.of(latencies, 1.0), worstGap / 1e6};
    }

    private static String line(String phase, double[] figures, double[] idle) {
        return String.format(Locale.ROOT, "%-24s %8d %8.1f %8.1f %8.1f %10.2f %12.0f", phase, (int) figures[0],
                figures[1], figures[2], figures[3], figures[2] / idle[2], figures[4]);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
