package io.mediagateway.chromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Headless Chromium publishes a canvas track and a tone through the offer endpoint with the README's JavaScript
 * (src/test/browser/webrtc-publish.mjs); the live feed shows the canvas colour and the status the browser's peer.
 */
class WebRtcPublishChromiumIT extends GatewayTestSupport {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void browserPublisherColourPlaysOnTheFeed() throws Exception {
        ChromiumScenario.requireChromiumAndNode();
        api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\",\"width\":320,\"height\":240}}");
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 3);
                ChromiumScenario chromium = ChromiumScenario.start("webrtc-publish.mjs", "--port=" + httpServer.port(),
                        "--colour=#ff0000", "--hold-ms=15000")) {
            JsonNode connected = chromium.await(LIMIT, "connected");
            assertThat(connected.path("state").asText()).isEqualTo("connected");
            // Chromium converts the canvas's RGB to YUV with its own matrix (BT.709 red is 63/102/240, BT.601 81/90/240)
            assertThat(viewer.await(WebRtcPublishChromiumIT::red, Duration.ofSeconds(30))).as("red from Chromium, last %s; stats %s; %s",
                    viewer.last(), api.get(STATUS).json().path("stats"), chromium.diagnostics()).isNotNull();
            JsonNode video = api.get(STATUS).json().path("stats").path("video");
            System.out.printf("[webrtc-chromium] browser codec %s, gateway stats %s%n", connected.path("codec").asText(),
                    video);
            assertThat(video.path("connection_state").asText()).isEqualTo("connected");
            assertThat(video.path("frames_in").asLong()).isPositive();
        }
    }

    private static boolean red(FeedViewerClient.Picture p) {
        int[] yuv = p.centre();
        return yuv[0] >= 50 && yuv[0] <= 100 && yuv[1] >= 80 && yuv[1] <= 115 && yuv[2] >= 225;
    }
}
