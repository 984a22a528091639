package io.mediagateway.http;

import static io.mediagateway.support.FeedViewerClient.RED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.rtmp.RtmpServer;
import io.mediagateway.rtmp.RtmpTestClient;
import io.mediagateway.support.DeflateBomb;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.RawHttp;
import io.mediagateway.support.RawWebSocket;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.VideoPublishing;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A witness: one real-time publisher and one feed viewer run while hostile clients throw malformed heads, bad
 * framing, compressed bombs, continuation-frame and ping floods at the port, and RTMP sessions declaring huge messages. After each attack the viewer gets new
 * pictures, the publisher is still connected and {@code /health} answers; at the end the gateway's threads and file
 * descriptors are back to where they were. Gaps and latencies are printed; they are asserted only against a freeze
 * (the bomb this guards against froze every client for 20 s), never against a loaded machine's slowness.
 */
class HostileInputWitnessTest extends GatewayTestSupport {

    private static final Duration FREEZE = Duration.ofSeconds(10);

    @Autowired
    RtmpServer rtmpServer;

    private FeedViewerClient viewer;

    @Test
    void hostileClientsDisturbNeitherThePublisherNorTheViewerNorTheApi() throws Exception {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":25}}");
        byte[] clip = TestMedia.mpeg1Ts("red", 320, 240, 25, 2);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong healthWorstNanos = new AtomicLong();
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH);
                WsClient publisher = VideoPublishing.connectPublisher(httpServer.port(),
                        VirtualInputsStatus.VIDEO_SOCKET_PATH, Duration.ofSeconds(20));
                VideoPublishing.PacedLoop sending = VideoPublishing.PacedLoop.start(publisher, clip, 2, Integer.MAX_VALUE, 3)) {
            Thread health = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    int status = api.get("/health").status();
                    long took = System.nanoTime() - start;
                    healthWorstNanos.accumulateAndGet(status == 200 ? took : Long.MAX_VALUE, Math::max);
                    sleep(50);
                }
            }, "witness-health");
            this.viewer = viewer;
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(30))).as("the publisher's picture").isTrue();
            health.start();
            int threadsBefore = threads();
            long fdsBefore = fds();
            long watchFrom = System.nanoTime();

            List<String> attacks = new ArrayList<>();
            for (HostileRequests.Case c : HostileRequests.all()) {
                attack(attacks, c.name(), () -> RawHttp.send(httpServer.port(), c.request(), Duration.ofSeconds(20)));
            }
            for (int mib : new int[] {1, 32, 256}) {
                attack(attacks, "compressed bomb of " + mib + " MiB", () -> compressedBomb(mib * 1024 * 1024));
            }
            attack(attacks, "continuation flood", this::continuationFlood);
            attack(attacks, "ping flood, never read", this::pingFlood);
            attack(attacks, "100 unfinished heads", this::unfinishedHeads);
            attack(attacks, "60 RTMP sessions declaring 4 MiB messages", this::rtmpDeclaredGiants);

            assertThat(publisher.isClosed()).as("publisher still connected").isFalse();
            long worstGap = worstGapNanos(viewer.between(watchFrom, System.nanoTime()));
            running.set(false);
            health.join(10_000);
            System.out.printf("[witness] %d attacks; worst picture gap %d ms; worst /health %d ms%n", attacks.size(),
                    worstGap / 1_000_000, healthWorstNanos.get() / 1_000_000);
            assertThat(Duration.ofNanos(worstGap)).as("worst gap between pictures").isLessThan(FREEZE);
            assertThat(Duration.ofNanos(healthWorstNanos.get())).as("worst /health answer").isLessThan(FREEZE);
            assertThat(Waits.until(Duration.ofSeconds(30), () -> threads() <= threadsBefore + 2 && fds() <= fdsBefore + 2))
                    .as("threads %d (before %d): %s, fds %d (before %d)", threads(), threadsBefore, gatewayThreads().sorted().toList(),
                            fds(), fdsBefore).isTrue();
        }
    }

    interface Attack {
        void run() throws Exception;
    }

    /** Runs one attack, then checks /health and waits for a picture decoded after it (the feed kept going). */
    private void attack(List<String> log, String name, Attack attack) throws Exception {
        attack.run();
        long after = System.nanoTime();
        assertThat(api.get("/health").status()).as("/health after %s", name).isEqualTo(200);
        assertThat(Waits.until(Duration.ofSeconds(30), () -> viewer.last() != null && viewer.last().atNanos() > after))
                .as("a picture after %s", name).isTrue();
        log.add(name);
    }

    private void compressedBomb(int size) throws IOException {
        byte[] bomb = DeflateBomb.of(size);
        try (RawWebSocket socket = RawWebSocket.connect(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 0,
                "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            try {
                socket.sendFrame(0x80 | 0x40 | RawWebSocket.BINARY, bomb);
            } catch (IOException closed) {
                // closed on the frame's header
            }
            assertThat(socket.awaitClose(Duration.ofSeconds(20))).as("bomb connection ends").isNotNull();
        }
    }

    /**
     * 20 MiB of fragments of one unfinished message to a viewer socket, which drops what viewers send frame by frame
     * (media sockets close such a message with 1009 at their limit: MediaSocketCloseTest).
     */
    private void continuationFlood() throws IOException {
        try (RawWebSocket socket = RawWebSocket.connect(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 0)) {
            byte[] fragment = new byte[64 * 1024];
            try {
                socket.sendFrame(RawWebSocket.BINARY, false, fragment);
                for (int sent = fragment.length; sent <= 20 * 1024 * 1024; sent += fragment.length) {
                    socket.sendFrame(RawWebSocket.CONTINUATION, false, fragment);
                }
            } catch (IOException closedWhileSending) {
                // the gateway may close it
            }
        }
    }

    /** Pings as fast as the socket takes them, never reading a pong, then a reset. */
    private void pingFlood() throws IOException {
        try (RawWebSocket socket = RawWebSocket.connect(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 4096)) {
            byte[] payload = new byte[125];
            for (int i = 0; i < 20_000; i++) {
                socket.sendFrame(0x80 | 0x9, payload);
            }
            socket.abort();
        } catch (IOException closedByTheGateway) {
            // also fine: the gateway may close a peer that does not read
        }
    }

    /** Connections that send half a request head and wait. */
    private void unfinishedHeads() throws IOException {
        List<java.net.Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", httpServer.port());
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes());
                sockets.add(socket);
            }
        } finally {
            for (java.net.Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** The RTMP sweep's case: connect, then two 4 MiB messages declared and 128 bytes of each sent. */
    private void rtmpDeclaredGiants() throws IOException {
        List<RtmpTestClient> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                RtmpTestClient session = RtmpTestClient.connect("127.0.0.1", rtmpServer.port(), "live");
                sessions.add(session);
                session.sendUnfinished(4, 4 * 1024 * 1024, 128);
                session.sendUnfinished(5, 4 * 1024 * 1024, 128);
            }
            assertThat(rtmpServer.pendingBytes()).as("RTMP bytes held").isLessThanOrEqualTo(60L * 2 * 128);
        } finally {
            for (RtmpTestClient session : sessions) {
                session.close();
            }
        }
    }

    private static long worstGapNanos(List<FeedViewerClient.Picture> pictures) {
        long worst = 0;
        for (int i = 1; i < pictures.size(); i++) {
            worst = Math.max(worst, pictures.get(i).atNanos() - pictures.get(i - 1).atNanos());
        }
        return worst;
    }

    /**
     * The gateway's threads: this JVM's, less the test's own HTTP clients' (JDK HttpClient selectors linger) and
     * Vert.x's worker pool, which starts threads as requests come, up to its fixed size (20), and keeps them.
     */
    private static int threads() {
        return (int) gatewayThreads().count();
    }

    private static Stream<String> gatewayThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> !name.startsWith("HttpClient-") && !name.startsWith("witness-")
                        && !name.startsWith("vert.x-worker-thread-"));
    }

    private static long fds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
