package io.mediagateway.webrtc;

import static io.mediagateway.support.FeedViewerClient.BLUE;
import static io.mediagateway.support.FeedViewerClient.RED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.mediagateway.audio.AudioIngestITSupport;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 200 publisher connect/disconnect cycles with audio and video (each a new peer replacing the last; every 10th also a
 * stop and configure) leave no peer, no extra thread and a live JVM: the native owner's rules hold (STACK.md's abort
 * traps: headless module, stopRecording after connect, shutdown order).
 */
class WebRtcSoakIT extends AudioIngestITSupport {

    private static final int CYCLES = Integer.getInteger("webrtc.soak.cycles", 200);
    private static final String CONFIG = "{\"video\":{\"type\":\"webrtc\",\"width\":320,\"height\":240},"
            + "\"audio\":{\"type\":\"webrtc\"}}";

    @Autowired
    WebRtcEngine engine;

    @AfterAll
    static void disposePublisherFactory() {
        WebRtcPublisher.disposeShared();
    }

    @Test
    void twoHundredConnectDisconnectCyclesLeakNothing() throws Exception {
        configure(CONFIG);
        for (int i = 0; i < 5; i++) { // warm-up: libwebrtc's own threads and the publisher factory exist from here on
            cycle(i);
        }
        settle();
        int threadsBefore = Thread.activeCount();
        long rssBefore = rssKb();
        long createdBefore = engine.stats().get("peers_created") instanceof Number n ? n.longValue() : 0;
        long started = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle(i);
            if (i % 10 == 9) {
                api.post(STOP, "");
                assertThat(engine.openPeers()).as("stop closed the peer (cycle %d)", i).isZero();
                configure(CONFIG);
            }
        }
        settle();
        int threadsAfter = Thread.activeCount();
        long rssAfter = rssKb();
        long created = ((Number) engine.stats().get("peers_created")).longValue() - createdBefore;
        System.out.printf("[webrtc-soak] cycles=%d seconds=%.0f peers_created=%d threads %d -> %d rss %d MB -> %d MB%n",
                CYCLES, (System.nanoTime() - started) / 1e9, created, threadsBefore, threadsAfter, rssBefore / 1024,
                rssAfter / 1024);
        assertThat(created).isEqualTo(CYCLES);
        assertThat(engine.openPeers()).as("every peer closed").isZero();
        assertThat(engine.stats().get("peers_closed")).isEqualTo(engine.stats().get("peers_created"));
        assertThat(threadsAfter - threadsBefore).as("no thread growth").isLessThanOrEqualTo(3);
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    /** Connect, check media flows (every 20th cycle), disconnect; the next offer replaces the gateway's peer. */
    private void cycle(int i) throws Exception {
        try (WebRtcPublisher publisher = new WebRtcPublisher("VP8", true, 320, 240, 30, i % 2 == 0 ? RED : BLUE)) {
            publisher.publish(b -> WebRtcVideoIngestTest.post(api, b));
            assertThat(publisher.awaitConnected(Duration.ofSeconds(15))).as("cycle %d connected", i).isTrue();
            if (i % 20 == 0) {
                assertThat(Waits.until(Duration.ofSeconds(10), () -> {
                    var stats = api.get(STATUS).json().path("stats");
                    return stats.path("video").path("frames_in").asLong() > 0
                            && stats.path("audio").path("chunks_in").asLong() > 0;
                })).as("cycle %d media flows: %s", i, api.get(STATUS).json().path("stats")).isTrue();
            }
        }
    }

    /** The last publisher is gone: close the gateway's peer too, and let threads that end do so. */
    private void settle() throws InterruptedException {
        api.post(STOP, "");
        configure(CONFIG);
        Thread.sleep(1000);
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
