package io.mediagateway.webrtc;

import static io.mediagateway.support.FeedViewerClient.BLUE;
import static io.mediagateway.support.FeedViewerClient.RED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.SharedPulseAudio;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * 200 publisher connect/disconnect cycles with audio and video against the packaged gateway in its own process (a
 * native abort there is seen as a dead process and its log): each cycle a new peer replaces the last, every 10th also
 * a stop and configure. Afterwards the gateway is alive, holds no peer, and has as many threads as before.
 *
 * <p>It also says where the gateway's memory went ({@code [webrtc-soak] memory ...} lines, bench/README.md): every 50
 * cycles, resident size against what the JVM itself accounts for (Native Memory Tracking: heap, metaspace, threads,
 * code, GC, direct buffers), before and after a full GC and a glibc trim (which returns the free memory glibc kept).
 * What still grows outside the JVM's account after the trim is native memory in use (libwebrtc), and it must stay small.
 * {@code -Dwebrtc.soak.malloc-arena-max=N} and {@code -Dwebrtc.soak.jvm-options="..."} vary the gateway's allocator
 * and JVM for comparisons.
 */
class WebRtcSoakIT {

    private static final int CYCLES = Integer.getInteger("webrtc.soak.cycles", 200);
    private static final String CONFIG = "{\"video\":{\"type\":\"webrtc\",\"width\":320,\"height\":240},"
            + "\"audio\":{\"type\":\"webrtc\"}}";
    /**
     * Configures, retrying while the shared PulseAudio is too busy to accept a connection (503): what this test proves
     * is about peers, and a loaded CI machine's PulseAudio has refused connects for over a second.
     */
    private static void configure(ApiClient api) throws InterruptedException {
        ApiClient.Response[] last = new ApiClient.Response[1];
        boolean configured = Waits.until(Duration.ofSeconds(30), () -> {
            last[0] = api.post("/input/devices/virtual/configure", CONFIG);
            return last[0].status() != 503;
        });
        assertThat(last[0].status()).as("configure (retried %s): %s", configured ? "until not 503" : "for 30 s",
                last[0].body()).isEqualTo(200);
    }

    private static final Path LOG = Path.of("target/webrtc-soak-gateway.log").toAbsolutePath();

    @AfterAll
    static void disposePublisherFactory() {
        WebRtcPublisher.disposeShared();
    }

    @Test
    void twoHundredConnectDisconnectCyclesLeaveNoPeerNoThreadAndALiveGateway() throws Exception {
        Path jar = Path.of("target/media-gateway.jar").toAbsolutePath();
        assertThat(jar).exists();
        int port = freePort();
        // a fixed, pre-touched heap: resident size then grows only by what is allocated outside the Java heap
        List<String> command = new ArrayList<>(List.of("java", "-XX:NativeMemoryTracking=summary", "-Xms384m",
                "-Xmx384m", "-XX:+AlwaysPreTouch"));
        command.addAll(List.of(System.getProperty("webrtc.soak.jvm-options", "").split("\\s+")));
        command.removeIf(String::isBlank);
        command.addAll(List.of("-jar", jar.toString(), "--gateway.http.port=" + port,
                "--gateway.rtmp.port=" + freePort(), "--gateway.management.port=0", "--gateway.pulse.autostart=false",
                "--gateway.pulse.server=" + SharedPulseAudio.server(), "--gateway.display.autostart=false",
                "--gateway.display.name=:1999", "--gateway.video.device=/nonexistent/video0"));
        ProcessBuilder launch = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(LOG.toFile());
        String arenas = System.getProperty("webrtc.soak.malloc-arena-max");
        if (arenas != null) {
            launch.environment().put("MALLOC_ARENA_MAX", arenas);
        }
        Process gateway = launch.start();
        try {
            ApiClient api = new ApiClient(port);
            assertThat(Waits.until(Duration.ofSeconds(300), () -> { // minutes on a loaded 2-core machine
                try {
                    return api.get("/health").status() == 200;
                } catch (RuntimeException notYet) {
                    return false;
                }
            })).as("gateway up").isTrue();
            configure(api);
            for (int i = 0; i < 5; i++) { // warm-up: libwebrtc's own threads exist from here on
                cycle(api, gateway, i);
            }
            settle(api);
            long threadsBefore = procStatus(gateway.pid(), "Threads");
            long rssBefore = procStatus(gateway.pid(), "VmRSS");
            GatewayMemory.print("after warm-up (MALLOC_ARENA_MAX " + arenas + ", JVM options "
                    + System.getProperty("webrtc.soak.jvm-options", "none") + ")", gateway.pid(), 0);
            GatewayMemory.gcAndTrim(gateway.pid());
            long outsideBefore = GatewayMemory.print("after warm-up, GC and trim", gateway.pid(), 0);
            long started = System.nanoTime();
            for (int i = 0; i < CYCLES; i++) {
                cycle(api, gateway, i);
                if (i % 50 == 49) {
                    GatewayMemory.print("after cycle " + (i + 1), gateway.pid(), i + 1);
                    GatewayMemory.gcAndTrim(gateway.pid());
                    GatewayMemory.print("after cycle " + (i + 1) + ", GC and trim", gateway.pid(), i + 1);
                }
                if (i % 10 == 9) {
                    api.post("/input/devices/virtual/stop", "");
                    configure(api);
                }
            }
            settle(api);
            long threadsAfter = procStatus(gateway.pid(), "Threads");
            long rssAfter = procStatus(gateway.pid(), "VmRSS");
            GatewayMemory.gcAndTrim(gateway.pid());
            long outsideAfter = GatewayMemory.print("at the end, GC and trim", gateway.pid(), CYCLES);
            JsonNode video = api.get("/input/devices/virtual/status").json().path("stats").path("video");
            System.out.printf("[webrtc-soak] cycles=%d seconds=%.0f gateway threads %d -> %d rss %d MB -> %d MB%n",
                    CYCLES, (System.nanoTime() - started) / 1e9, threadsBefore, threadsAfter, rssBefore / 1024,
                    rssAfter / 1024);
            assertThat(gateway.isAlive()).as("gateway alive; log %s", LOG).isTrue();
            assertThat(video.path("native_peers_open").asInt()).as("every peer closed").isZero();
            assertThat(threadsAfter - threadsBefore).as("no thread growth").isLessThanOrEqualTo(3);
            // Once glibc returned its free memory, the cycles leave about 150 KB a cycle outside the JVM (webrtc-java
            // 0.14's close() never releases the closed native PeerConnection; bench/README.md). Keeping the decoded
            // frames or a decoder of each peer would be far more.
            assertThat(outsideAfter - outsideBefore).as("native memory kept by %d cycles, MB", CYCLES)
                    .isLessThanOrEqualTo(CYCLES * 400L / 1024);
            assertThat(api.get("/health").status()).isEqualTo(200);
        } finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Connect, check media flows (every 20th cycle), disconnect; the next offer replaces the gateway's peer. */
    private static void cycle(ApiClient api, Process gateway, int i) throws Exception {
        assertThat(gateway.isAlive()).as("gateway alive before cycle %d; log %s", i, LOG).isTrue();
        try (WebRtcPublisher publisher = new WebRtcPublisher("VP8", true, 320, 240, 30, i % 2 == 0 ? RED : BLUE)) {
            publisher.publish(b -> WebRtcVideoIngestTest.post(api, b));
            assertThat(publisher.awaitConnected(Duration.ofSeconds(15))).as("cycle %d connected", i).isTrue();
            if (i % 20 == 0) {
                assertThat(Waits.until(Duration.ofSeconds(10), () -> {
                    JsonNode stats = api.get("/input/devices/virtual/status").json().path("stats");
                    return stats.path("video").path("frames_in").asLong() > 0
                            && stats.path("audio").path("chunks_in").asLong() > 0;
                })).as("cycle %d media flows", i).isTrue();
            }
        }
    }

    /** The last publisher is gone: close the gateway's peer too, and let threads that end do so. */
    private static void settle(ApiClient api) throws InterruptedException {
        api.post("/input/devices/virtual/stop", "");
        configure(api);
        Thread.sleep(1000);
    }

    /** A number from /proc/<pid>/status ("Threads", "VmRSS" in kB). */
    static long procStatus(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
