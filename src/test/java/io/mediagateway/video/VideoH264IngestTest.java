package io.mediagateway.video;

import static io.mediagateway.support.FeedViewerClient.GREEN;
import static io.mediagateway.support.VideoPublishing.connectPublisher;
import static io.mediagateway.support.VideoPublishing.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Random;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;

/**
 * H.264 inside the TS (the bundled LGPL FFmpeg encodes it with libopenh264) is decoded and re-encoded: the live feed
 * plays it as MPEG-1, the only codec JSMpeg plays.
 */
class VideoH264IngestTest extends GatewayTestSupport {

    private static final String VIDEO = VirtualInputsStatus.VIDEO_SOCKET_PATH;
    private static final String FEED = FeedBroadcaster.SOCKET_PATH;

    @Test
    void h264InTsPlaysOnTheFeedAsMpeg1() throws Exception {
        byte[] h264 = TestMedia.ts("libopenh264", "lime", 320, 240, 30, 3);
        assertThat(codecOf(h264)).as("what the publisher sends").isEqualTo("h264");
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}")
                .status()).isEqualTo(200);

        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED, 10);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, h264, 3, new Random(1));

            FeedViewerClient.Picture green = viewer.await(p -> p.looks(GREEN, 12), Duration.ofSeconds(20));
            assertThat(green).as("green on the feed; last %s; status %s", viewer.last(), api.get(STATUS).body())
                    .isNotNull();
            assertThat(green.width()).isEqualTo(320);
            assertThat(green.height()).isEqualTo(240);
            assertThat(viewer.videoCodec()).as("the feed's codec").isEqualTo("mpeg1video");
        }
        // the feed shows green from the first pictures; the decoder may still be working through the rest
        Waits.until(Duration.ofSeconds(20),
                () -> api.get(STATUS).json().path("stats").path("video").path("frames_decoded").asLong() > 45);
        var stats = api.get(STATUS).json().path("stats").path("video");
        assertThat(stats.path("frames_decoded").asLong()).isGreaterThan(45);
        assertThat(stats.path("garbage_bytes").asLong()).isZero();
        assertThat(stats.path("decode_errors").asLong()).isZero();
    }

    /** The video codec FFmpeg finds in a TS. */
    private static String codecOf(byte[] ts) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(ts), 0)) {
            grabber.setFormat("mpegts");
            grabber.startUnsafe(); // never start(): it takes a JVM-wide lock
            return grabber.getVideoCodecName();
        }
    }
}
