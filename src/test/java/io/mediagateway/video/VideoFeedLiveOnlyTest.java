package io.mediagateway.video;

import static io.mediagateway.support.FeedViewerClient.BLACK;
import static io.mediagateway.support.FeedViewerClient.RED;
import static io.mediagateway.support.VideoPublishing.connectPublisher;
import static io.mediagateway.support.VideoPublishing.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
 * The feed is live only: a viewer that connects (or refreshes) gets what the camera shows now, never past data. Once
 * the input has stopped for longer than stale-after (500 ms), a new viewer sees black, not the last picture; a
 * viewer that joins while video is live gets it from the next keyframe.
 */
class VideoFeedLiveOnlyTest extends GatewayTestSupport {

    private static final String VIDEO = VirtualInputsStatus.VIDEO_SOCKET_PATH;
    private static final String FEED = FeedBroadcaster.SOCKET_PATH;

    @BeforeEach
    void configure() {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}")
                .status()).isEqualTo(200);
    }

    @Test
    void aViewerWhoJoinsAfterTheInputStoppedSeesBlackNeverThePastPicture() throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            Thread sending = new Thread(() -> sendPaced(publisher, TestMedia.mpeg1Ts("red", 320, 240, 30, 2), 2,
                    new Random(1)), "publisher");
            sending.start();
            // red was live (nobody watched, so the feed encoder was idle)
            assertThat(Waits.until(Duration.ofSeconds(15), () -> "live".equals(showing()))).as("showing %s", showing())
                    .isTrue();
            sending.join(20_000);

            // the publisher stays connected but sends nothing: past stale-after (500 ms) the camera is black (once the
            // gateway has worked through what was sent: on a busy machine it may still be behind the sender)
            assertThat(Waits.until(Duration.ofSeconds(15), () -> "black (no input)".equals(showing())))
                    .as("showing %s", showing()).isTrue();

            List<FeedViewerClient.Picture> seen = watch(Duration.ofSeconds(3));

            assertThat(seen).as("pictures a new viewer decoded").hasSizeGreaterThan(20);
            assertThat(seen.get(0).looks(BLACK, 12)).as("first picture %s", seen.get(0)).isTrue();
            assertThat(seen).as("no picture is red").noneMatch(p -> p.looks(RED, 40));
            assertThat(seen).allMatch(p -> p.looks(BLACK, 12));
        }
    }

    @Test
    void aRefreshAfterTheInputStoppedSeesBlackEvenWhileAnotherViewerWatchedTheRedLive() throws Exception {
        try (FeedViewerClient earlier = new FeedViewerClient(httpServer.port(), FEED, 5);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, TestMedia.mpeg1Ts("red", 320, 240, 30, 2), 2, new Random(2));
            // the earlier viewer saw red live, so the feed encoder holds red in its state
            assertThat(earlier.await(p -> p.looks(RED, 12), Duration.ofSeconds(15))).as("last %s", earlier.last())
                    .isNotNull();

            // past stale-after the camera is black, and the viewer that stayed has decoded that far
            assertThat(Waits.until(Duration.ofSeconds(15), () -> "black (no input)".equals(showing())))
                    .as("showing %s", showing()).isTrue();
            assertThat(earlier.awaitColour(BLACK, Duration.ofSeconds(15))).as("last %s", earlier.last()).isTrue();
            long refreshedAt = System.nanoTime();
            List<FeedViewerClient.Picture> seen = watch(Duration.ofSeconds(3));

            assertThat(seen).as("pictures after the refresh").hasSizeGreaterThan(20);
            assertThat(seen.get(0).looks(BLACK, 12)).as("first picture %s", seen.get(0)).isTrue();
            assertThat(seen).as("no picture is red").noneMatch(p -> p.looks(RED, 40));
            // and the viewer that stayed shows black too by now
            assertThat(earlier.between(refreshedAt, System.nanoTime())).isNotEmpty()
                    .allMatch(p -> p.looks(BLACK, 12));
        }
    }

    @Test
    void aViewerWhoJoinsWhileRedIsLiveGetsRedFromTheNextKeyframe() throws Exception {
        // red until the late viewer has been checked: a slow start on a busy machine must not use it up
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20));
                PacedLoop red = PacedLoop.start(publisher, TestMedia.mpeg1Ts("red", 320, 240, 30, 4), 4, 8, 3)) {
            assertThat(Waits.until(Duration.ofSeconds(15), () -> "live".equals(showing()))).as("showing %s", showing())
                    .isTrue();
            Thread.sleep(1000);

            try (FeedViewerClient late = new FeedViewerClient(httpServer.port(), FEED, 5)) {
                FeedViewerClient.Picture first = late.await(p -> true, Duration.ofSeconds(10));

                assertThat(first).as("a picture within 10 s of joining").isNotNull();
                double afterJoin = (first.atNanos() - late.connectedAtNanos()) / 1e9;
                System.out.printf("[live-only] a viewer joining live red decoded its first picture %.2f s after connecting%n",
                        afterJoin);
                // its very first picture is the keyframe of the live red: nothing partial, nothing from before
                assertThat(first.looks(RED, 12)).as("first picture %s", first).isTrue();
                assertThat(Waits.until(Duration.ofSeconds(15), () -> late.pictures().size() > 10))
                        .as("pictures %d", late.pictures().size()).isTrue();
                // red, or black for a moment if the sending thread stalls past stale-after on a busy machine; nothing else
                assertThat(new ArrayList<>(late.pictures())).hasSizeGreaterThan(10)
                        .allMatch(p -> p.looks(RED, 12) || p.looks(BLACK, 12))
                        .filteredOn(p -> p.looks(BLACK, 12)).hasSizeLessThanOrEqualTo(3);
            }
        }
    }

    /** Connects a new viewer, collects what it decodes for {@code duration} (and at least 21 pictures), and leaves. */
    private List<FeedViewerClient.Picture> watch(Duration duration) throws Exception {
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED, 5)) {
            Thread.sleep(duration.toMillis());
            // a viewer decoding on a busy machine may need longer for its first twenty pictures
            Waits.until(Duration.ofSeconds(15), () -> viewer.pictures().size() > 20);
            return new ArrayList<>(viewer.pictures());
        }
    }

    private String showing() {
        return api.get(STATUS).json().path("stats").path("video").path("showing").asText();
    }
}
