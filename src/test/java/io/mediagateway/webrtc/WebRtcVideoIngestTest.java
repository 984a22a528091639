package io.mediagateway.webrtc;

import static io.mediagateway.support.FeedViewerClient.BLUE;
import static io.mediagateway.support.FeedViewerClient.RED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.Waits;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A webrtc-java publisher sends a solid-colour I420 track with each codec; the live feed shows that colour at the
 * configured size (the publisher's 640×360 letterboxed into 320×240), and the status reports the peer and its stats.
 */
class WebRtcVideoIngestTest extends GatewayTestSupport {

    static final String OFFER = VirtualInputsStatus.WEBRTC_OFFER_PATH;

    @AfterAll
    static void disposePublisherFactory() {
        WebRtcPublisher.disposeShared();
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264"})
    void publishedColourPlaysOnTheFeed(String codec) throws Exception {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\",\"width\":320,\"height\":240,\"frame_rate\":30}}")
                .status()).isEqualTo(200);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 5);
                WebRtcPublisher publisher = new WebRtcPublisher(codec, false, 640, 360, 30, RED)) {
            publisher.publish(body -> post(api, body));
            assertThat(publisher.awaitConnected(Duration.ofSeconds(30))).as("connected: %s", publisher).isTrue();
            assertThat(viewer.await(p -> p.looks(RED, 12), Duration.ofSeconds(20))).as("red on the feed, last %s, stats %s",
                    viewer.last(), api.get(STATUS).json().path("stats")).isNotNull();
            FeedViewerClient.Picture red = viewer.last();
            assertThat(red.width()).isEqualTo(320);
            assertThat(red.height()).isEqualTo(240);

            publisher.colour(BLUE);
            assertThat(viewer.await(p -> p.looks(BLUE, 12), Duration.ofSeconds(10))).as("blue, last %s", viewer.last())
                    .isNotNull();
            JsonNode[] video = new JsonNode[1];
            // the codec comes with the first stats poll; "live" may lapse for a moment if the publisher's frame thread
            // stalls past stale-after on a busy machine: one status that has both
            Waits.until(Duration.ofSeconds(20), () -> {
                video[0] = api.get(STATUS).json().path("stats").path("video");
                return video[0].has("codec") && video[0].path("showing").asText().equals("live");
            });
            System.out.printf("[webrtc-video] %s stats %s%n", codec, video[0]);
            assertThat(video[0].path("connection_state").asText()).isEqualTo("connected");
            assertThat(video[0].path("publishers").asInt()).isEqualTo(1);
            assertThat(video[0].path("frames_in").asLong()).isGreaterThan(10);
            assertThat(video[0].path("codec").asText()).isEqualToIgnoringCase("video/" + codec);
            assertThat(video[0].path("showing").asText()).isEqualTo("live");
        }
    }

    static String post(ApiClient api, String body) {
        ApiClient.Response response = api.post(OFFER, body);
        assertThat(response.status()).as("offer -> %s", response).isEqualTo(200);
        assertThat(response.json().path("type").asText()).isEqualTo("answer");
        return response.body();
    }
}
