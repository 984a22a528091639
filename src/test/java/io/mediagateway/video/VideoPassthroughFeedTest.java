package io.mediagateway.video;

import static io.mediagateway.support.FeedViewerClient.BLACK;
import static io.mediagateway.support.FeedViewerClient.BLUE;
import static io.mediagateway.support.FeedViewerClient.RED;
import static io.mediagateway.support.VideoPublishing.connectPublisher;
import static io.mediagateway.support.VideoPublishing.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.VideoPublishing.PacedLoop;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MPEG-1 at the configured size and rate is passed through to the feed (no decode, no re-encode), and the real-time
 * behaviour holds across the switches between the publisher's pictures and the gateway's black: stale → black → live
 * again, pause → black, a late viewer starts at a sequence header. Checked with a viewer that decodes with FFmpeg.
 */
class VideoPassthroughFeedTest extends GatewayTestSupport {

    private static final String VIDEO = VirtualInputsStatus.VIDEO_SOCKET_PATH;
    private static final String FEED = FeedBroadcaster.SOCKET_PATH;

    @BeforeEach
    void configure() {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}")
                .status()).isEqualTo(200);
    }

    @Test
    void staleTurnsBlackAndLiveDataReturnsThroughPassthroughWithColoursDecodingOnBothSides() throws Exception {
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, TestMedia.mpeg1Ts("red", 320, 240, 30, 2), 2, new Random(1));
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
            assertThat(videoStats("video_path")).isEqualTo("passthrough");
            assertThat(videoStats("decode_errors")).isEqualTo("0");

            assertThat(viewer.awaitColour(BLACK, Duration.ofSeconds(10))).as("black after stale; last %s", viewer.last())
                    .isTrue();

            sendPaced(publisher, TestMedia.mpeg1Ts("blue", 320, 240, 30, 2), 2, new Random(2));
            assertThat(viewer.awaitColour(BLUE, Duration.ofSeconds(20))).as("blue again; last %s", viewer.last()).isTrue();
            assertThat(videoStats("video_path")).isEqualTo("passthrough");
            assertThat(viewer.awaitColour(BLACK, Duration.ofSeconds(10))).as("black after stale; last %s", viewer.last())
                    .isTrue();
            // every picture the viewer decoded was one of the three: no broken picture at a switch
            assertThat(viewer.pictures()).allMatch(p -> p.looks(RED, 14) || p.looks(BLUE, 14) || p.looks(BLACK, 14));
        }
    }

    @Test
    void fpsInTheStatusFollowsPassedThroughPicturesWhileTheClockSleeps() throws Exception {
        byte[] red = TestMedia.mpeg1Ts("red", 320, 240, 30, 4);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            // 30 fps pictures at a quarter of real time, in 2-packet chunks: a chunk every ~100 ms keeps them on air
            // (never stale), about 7.5 pictures a second out, while the camera's clock sleeps
            Thread sending = new Thread(() -> {
                long start = System.nanoTime();
                int chunks = (red.length + 375) / 376;
                for (int i = 0; i < chunks; i++) {
                    LockSupport.parkNanos(start + i * 16_000_000_000L / chunks - System.nanoTime());
                    publisher.sendBinary(Arrays.copyOfRange(red, i * 376, Math.min(red.length, (i + 1) * 376)));
                }
            }, "publisher");
            sending.start();
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
            assertThat(videoStats("video_path")).isEqualTo("passthrough");

            // before the fix the status kept the rate of the clock's last window (30, of black frames)
            System.out.printf("[passthrough-fps] %d bytes in %d chunks over 16 s%n", red.length, (red.length + 375) / 376);
            assertThat(Waits.until(Duration.ofSeconds(12), () -> {
                double fps = Double.parseDouble(videoStats("fps"));
                return fps > 3 && fps < 15;
            })).as("fps %s, showing %s", videoStats("fps"), videoStats("showing")).isTrue();
            sending.interrupt();
        }
    }

    @Test
    void pauseShowsBlackWhileThePassedThroughInputKeepsComing() throws Exception {
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20));
                // red until it has been seen again after resume: a slow start on a busy machine must not use it up
                PacedLoop red = PacedLoop.start(publisher, TestMedia.mpeg1Ts("red", 320, 240, 30, 4), 4, 8, 3)) {
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
            assertThat(videoStats("video_path")).isEqualTo("passthrough");

            api.post(PAUSE, null);
            assertThat(viewer.awaitColour(BLACK, Duration.ofSeconds(10))).as("last %s", viewer.last()).isTrue();
            long discarded = Long.parseLong(videoStats("discarded_while_paused"));
            assertThat(Waits.until(Duration.ofSeconds(15),
                    () -> Long.parseLong(videoStats("discarded_while_paused")) > discarded + 10))
                    .as("pictures that arrive while paused are dropped and counted").isTrue();
            long blackFrom = System.nanoTime();
            Thread.sleep(1000);
            assertThat(viewer.pictures()).filteredOn(p -> p.atNanos() > blackFrom).isNotEmpty()
                    .allMatch(p -> p.looks(BLACK, 12));

            api.post(RESUME, null);
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
        }
    }

    @Test
    void aLateViewerStartsAtASequenceHeaderOfThePassedThroughVideo() throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            Thread sending = new Thread(() -> sendPaced(publisher, TestMedia.mpeg1Ts("red", 320, 240, 30, 8), 8,
                    new Random(4)), "publisher");
            sending.start();
            assertThat(Waits.until(Duration.ofSeconds(15), () -> "live".equals(videoStats("showing")))).isTrue();
            Thread.sleep(700);

            try (WsClient late = WsClient.connect(httpServer.port(), FEED)) {
                byte[] first = late.nextBinary(Duration.ofSeconds(10));
                assertThat(first).as("a message within 10 s").isNotNull();
                // PAT, PMT, then the video PID's packet that starts a PES with a sequence header
                assertThat(pid(first, 0)).isZero();
                assertThat(pid(first, 188)).isEqualTo(0x1000);
                assertThat(pid(first, 376)).isEqualTo(0x100);
                assertThat(first[377] & 0x40).as("payload unit start").isNotZero();
                int payload = 376 + 4 + ((first[379] & 0x20) != 0 ? 1 + (first[380] & 0xff) : 0);
                int es = payload + 9 + (first[payload + 8] & 0xff);
                assertThat(new int[] {first[payload + 3] & 0xff, first[es] & 0xff, first[es + 1] & 0xff,
                        first[es + 2] & 0xff, first[es + 3] & 0xff}).as("PES stream id, then a sequence header")
                        .containsExactly(0xE0, 0, 0, 1, 0xB3);
                assertThat(videoStats("video_path")).isEqualTo("passthrough");
            }
            sending.join(20_000);
        }
    }

    private static int pid(byte[] ts, int at) {
        return (ts[at + 1] & 0x1f) << 8 | ts[at + 2] & 0xff;
    }

    private String videoStats(String field) {
        return api.get(STATUS).json().path("stats").path("video").path(field).asText();
    }
}
