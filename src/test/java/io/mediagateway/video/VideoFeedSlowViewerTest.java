package io.mediagateway.video;

import static io.mediagateway.support.FeedViewerClient.RED;
import static io.mediagateway.support.VideoPublishing.connectPublisher;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.RawWebSocket;
import io.mediagateway.support.VideoPublishing;
import io.mediagateway.support.VideoPublishing.PacedLoop;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A feed viewer that stops reading is dropped; it never slows the others. The slow viewer is a hand-made WebSocket
 * client with a tiny receive buffer that never reads; the feed is made heavy (640x480 noise around a red square) and
 * the per-viewer queue small, so its buffers fill in seconds. A normal viewer keeps decoding the live red meanwhile.
 */
@TestPropertySource(properties = "gateway.video.feed-viewer-queue-bytes=65536")
class VideoFeedSlowViewerTest extends GatewayTestSupport {

    private static final String VIDEO = VirtualInputsStatus.VIDEO_SOCKET_PATH;
    private static final String FEED = FeedBroadcaster.SOCKET_PATH;

    @Autowired
    FeedBroadcaster feed;

    @Test
    void aViewerThatNeverReadsIsDroppedWhileANormalViewerKeepsTheLivePicture() throws Exception {
        // 25 fps from 30 fps input: the decode and re-encode path, one feed message per camera frame. Known gap: in
        // passthrough a message goes out per publisher chunk, and with this test's 64 KiB queue the normal viewer
        // (JDK WebSocket client + FFmpeg decode) is dropped too under load
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":640,\"height\":480,\"frame_rate\":25}}")
                .status()).isEqualTo(200);
        // grey noise that changes every frame (hard to compress) around a solid red square in the centre
        byte[] noisy = VideoPublishing.ffmpeg("noise-red-square-640x480-30-6.ts", List.of("-f", "lavfi", "-i",
                "color=c=gray:s=640x480:r=30,noise=alls=30:allf=t,drawbox=x=240:y=160:w=160:h=160:color=red:t=fill",
                "-t", "6", "-c:v", "mpeg1video", "-q:v", "8", "-g", "15", "-bf", "0", "-f", "mpegts"));
        long droppedBefore = feed.slowViewersDropped();

        try (FeedViewerClient normal = new FeedViewerClient(httpServer.port(), FEED, 5);
                RawWebSocket slow = RawWebSocket.connect(httpServer.port(), FEED, 4096);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            assertThat(slow.status()).isEqualTo(101);
            assertThat(Waits.until(Duration.ofSeconds(10), () -> feed.viewers() == 2)).isTrue();
            long start = System.nanoTime();
            try (PacedLoop sending = PacedLoop.start(publisher, noisy, 6, 5, 0)) {
                assertThat(Waits.until(Duration.ofSeconds(40), () -> feed.slowViewersDropped() > droppedBefore))
                        .as("slow viewer dropped; feed viewers %d, normal viewer got %d bytes, %d pictures", feed.viewers(),
                                normal.bytesReceived(), normal.pictures().size())
                        .isTrue();
                long droppedAt = System.nanoTime();
                System.out.printf("[slow-viewer] dropped %.1f s after the push began; the normal viewer had %d bytes, %d pictures%n",
                        (droppedAt - start) / 1e9, normal.bytesReceived(), normal.pictures().size());

                assertThat(feed.viewers()).isEqualTo(1);
                var stats = api.get(STATUS).json().path("stats").path("video");
                assertThat(stats.path("slow_feed_viewers_dropped").asLong()).isGreaterThan(droppedBefore);
                assertThat(stats.path("feed_viewers").asLong()).isEqualTo(1);

                // the normal viewer was never dropped and keeps getting the live red after the drop
                FeedViewerClient.Picture redAfter = normal.await(p -> p.atNanos() > droppedAt + 500_000_000L && p.looks(RED, 20),
                        Duration.ofSeconds(20));
                assertThat(redAfter).as("red after the drop; last %s", normal.last()).isNotNull();
                // it keeps decoding the live feed (a count, not a rate: a busy machine decodes slower, benchmarks measure speed)
                assertThat(Waits.until(Duration.ofSeconds(30), () -> normal.between(droppedAt, System.nanoTime()).size() > 40))
                        .as("pictures after the drop: %d", normal.between(droppedAt, System.nanoTime()).size()).isTrue();
                int afterDrop = normal.between(droppedAt, System.nanoTime()).size();
                double seconds = (System.nanoTime() - droppedAt) / 1e9;
                System.out.printf("[slow-viewer] the normal viewer decoded %d pictures in the %.1f s after the drop (%.1f/s), %d bytes in all%n",
                        afterDrop, seconds, afterDrop / seconds, normal.bytesReceived());
                assertThat(normal.socket().isClosed()).isFalse();
            }
        }
    }
}
