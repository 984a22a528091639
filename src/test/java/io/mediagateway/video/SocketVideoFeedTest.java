package io.mediagateway.video;

import static io.mediagateway.support.FeedViewerClient.BLACK;
import static io.mediagateway.support.FeedViewerClient.BLUE;
import static io.mediagateway.support.FeedViewerClient.RED;
import static io.mediagateway.support.VideoPublishing.connectPublisher;
import static io.mediagateway.support.VideoPublishing.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.VideoPublishing.PacedLoop;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.Test;

/** MPEG-1 TS pushed over the ingest socket comes out of the live feed as decoded pictures of that colour and size. */
class SocketVideoFeedTest extends GatewayTestSupport {

    private static final String VIDEO = VirtualInputsStatus.VIDEO_SOCKET_PATH;

    @Test
    void pushedColourPlaysOnTheFeedAtTheConfiguredSize() throws Exception {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}");
        byte[] red = TestMedia.mpeg1Ts("red", 320, 240, 30, 4);

        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, red, 4, new Random(7));

            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("last picture %s", viewer.last()).isTrue();
            assertThat(viewer.last().width()).isEqualTo(320);
            assertThat(viewer.last().height()).isEqualTo(240);
        }
        // the feed shows red before the media socket's worker has counted the last chunks
        Waits.until(Duration.ofSeconds(10), () -> api.get(STATUS).json().path("stats").path("video").path("bytes_in").asLong() >= red.length);
        // and the decoder may still be working through the last chunks
        Waits.until(Duration.ofSeconds(20), () -> api.get(STATUS).json().path("stats").path("video").path("frames_decoded").asLong() > 60);
        var stats = api.get(STATUS).json().path("stats").path("video");
        assertThat(stats.path("bytes_in").asLong()).isEqualTo(red.length);
        assertThat(stats.path("frames_decoded").asLong()).isGreaterThan(60);
        assertThat(stats.path("garbage_bytes").asLong()).isZero();
    }

    @Test
    void stoppingTheInputTurnsTheFeedBlackAndNewInputBringsItBack() throws Exception {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}");

        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, TestMedia.mpeg1Ts("red", 320, 240, 30, 2), 2, new Random(1));
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("%d pictures, colours %s, stats %s",
                    viewer.pictures().size(), viewer.pictures().stream().map(p -> p.y() + "/" + p.u() + "/" + p.v()).distinct().toList(),
                    api.get(STATUS).json().path("stats")).isTrue();

            // nothing sent: after stale-after (500 ms) the camera is black
            assertThat(viewer.awaitColour(BLACK, Duration.ofSeconds(10))).as("last %s", viewer.last()).isTrue();

            sendPaced(publisher, TestMedia.mpeg1Ts("blue", 320, 240, 30, 2), 2, new Random(2));
            assertThat(viewer.awaitColour(BLUE, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
        }
    }

    @Test
    void pauseShowsBlackWhileThePublisherKeepsSendingAndResumeShowsItAgain() throws Exception {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}");
        byte[] red = TestMedia.mpeg1Ts("red", 320, 240, 30, 4);

        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20));
                // red until the test has seen it again after resume: a slow start on a busy machine must not use it up
                PacedLoop sending = PacedLoop.start(publisher, red, 4, 15, 0)) {
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("%d pictures, colours %s, stats %s",
                    viewer.pictures().size(), viewer.pictures().stream().map(p -> p.y() + "/" + p.u() + "/" + p.v()).distinct().toList(),
                    api.get(STATUS).json().path("stats")).isTrue();

            api.post(PAUSE, null);
            assertThat(viewer.awaitColour(BLACK, Duration.ofSeconds(10))).as("last %s", viewer.last()).isTrue();
            assertThat(io.mediagateway.support.Waits.until(Duration.ofSeconds(10), () -> api.get(STATUS).json()
                    .path("stats").path("video").path("discarded_while_paused").asLong() > 0))
                    .as("what the publisher sends while paused is discarded and counted").isTrue();

            api.post(RESUME, null);
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
        }
    }
}
