package io.mediagateway.chromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import org.junit.jupiter.api.Test;

/**
 * The seed's aiortc example (a video file's track, offer JSON in, answer JSON out) step by step in headless Chromium
 * (src/test/browser/webrtc-seed-flow.mjs): the file's colour plays on the feed, the answer is exactly
 * {@code {"type":"answer","sdp"}}, and the same client gets JSON 409/400 for the offer before configure, for bodies
 * that are not an offer, and for the offer after stop.
 */
class WebRtcSeedFlowChromiumIT extends GatewayTestSupport {

    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String OFFER = "/input/devices/virtual/webrtc/offer";

    @Test
    void seedFlowFromAVideoFilePlaysItsColourOnTheFeed() throws Exception {
        ChromiumScenario.requireChromiumAndNode();
        Path file = TestMedia.vp8Webm("0x0000FF", 320, 240, 30, 4).toAbsolutePath();
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 3);
                ChromiumScenario chromium = ChromiumScenario.start("webrtc-seed-flow.mjs", "--port=" + httpServer.port(),
                        "--file=" + file, "--hold-ms=60000")) {
            JsonNode refused = chromium.await(LIMIT, "refused");
            assertJsonMessage(refused, 409, "configured as webrtc");
            assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo("idle");

            api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\",\"width\":320,\"height\":240}}");
            JsonNode bad = chromium.await(LIMIT, "bad-input").path("cases");
            assertThat(bad.size()).isEqualTo(6);
            bad.fields().forEachRemaining(c -> assertJsonMessage(c.getValue(), 400, ""));
            assertThat(bad.path("no sdp").path("json").path("message").asText()).containsIgnoringCase("sdp");
            assertThat(bad.path("not JSON").path("json").path("message").asText()).containsIgnoringCase("json");

            JsonNode connected = chromium.await(LIMIT, "connected");
            JsonNode answer = connected.path("answer");
            assertThat(connected.path("state").asText()).isEqualTo("connected");
            assertThat(connected.path("tracks")).hasSize(1); // the file's video track only, as player.video
            assertThat(answer.path("contentType").asText()).startsWith("application/json");
            assertThat(answer.path("keys")).extracting(JsonNode::asText).isEqualTo(List.of("sdp", "type"));
            assertThat(answer.path("type").asText()).isEqualTo("answer");
            assertThat(answer.path("sdpStart").asText()).isEqualTo("v=0\r\no=");
            assertThat(viewer.await(WebRtcSeedFlowChromiumIT::blue, Duration.ofSeconds(30))).as(
                    "the file's blue on the feed, last %s; stats %s; %s", viewer.last(),
                    api.get(STATUS).json().path("stats"), chromium.diagnostics()).isNotNull();
            JsonNode video = api.get(STATUS).json().path("stats").path("video");
            System.out.printf("[webrtc-seed-flow] browser codec %s, file %sx%s, gateway stats %s%n",
                    connected.path("codec").asText(), connected.path("videoWidth"), connected.path("videoHeight"), video);
            assertThat(video.path("connection_state").asText()).isEqualTo("connected");

            api.post(STOP, "");
            JsonNode afterStop = chromium.await(LIMIT, "result").path("afterStop");
            assertJsonMessage(afterStop, 409, "configured as webrtc");
        }
    }

    /** A JSON error as the flow's client sees it: the status, and a body that is exactly {"message": "..."}. */
    private static void assertJsonMessage(JsonNode response, int status, String messagePart) {
        assertThat(response.path("status").asInt()).as("%s", response).isEqualTo(status);
        assertThat(response.path("contentType").asText()).as("%s", response).startsWith("application/json");
        JsonNode json = response.path("json");
        assertThat(json.size()).as("%s", response).isEqualTo(1);
        assertThat(json.path("message").asText()).as("%s", response).isNotBlank().contains(messagePart);
    }

    /** The file's blue (BT.601 Y 41, U 240, V 110) after Chromium's decode, VP8 in WebRTC and the feed's MPEG-1. */
    private static boolean blue(FeedViewerClient.Picture p) {
        int[] yuv = p.centre();
        return yuv[0] >= 20 && yuv[0] <= 80 && yuv[1] >= 200 && yuv[2] >= 90 && yuv[2] <= 140;
    }
}
