package io.mediagateway.webrtc;

import static io.mediagateway.support.FeedViewerClient.BLUE;
import static io.mediagateway.support.FeedViewerClient.RED;
import static io.mediagateway.webrtc.WebRtcVideoIngestTest.OFFER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bad offers get a clear 400/409 and change nothing; racing and repeated publishers leave exactly one peer; the
 * gateway keeps answering good offers afterwards.
 */
class WebRtcOfferBadInputTest extends GatewayTestSupport {

    private static final String VIDEO_WEBRTC = "{\"video\":{\"type\":\"webrtc\",\"width\":320,\"height\":240}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    WebRtcEngine engine;

    @AfterAll
    static void disposePublisherFactory() {
        WebRtcPublisher.disposeShared();
    }

    @Test
    void offerWhileNothingIsConfiguredAsWebrtcIs409() throws Exception {
        String sdp = realOffer("VP8");
        assertThat(api.post(OFFER, body(sdp)).status()).isEqualTo(409);
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");
        ApiClient.Response socketVideo = api.post(OFFER, body(sdp));
        assertThat(socketVideo.status()).isEqualTo(409);
        assertThat(socketVideo.message()).contains("webrtc");
    }

    @Test
    void malformedOffersAre400WithAReason() throws Exception {
        api.post(CONFIGURE, VIDEO_WEBRTC);
        String good = realOffer("VP8");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"", "'sdp' is required"});
        cases.add(new String[] {"{}", "'sdp' is required"});
        cases.add(new String[] {"{\"sdp\":\"\"}", "'sdp' is required"});
        cases.add(new String[] {"{\"sdp\":5}", "'sdp' must be a string"});
        cases.add(new String[] {"[1]", "JSON object"});
        cases.add(new String[] {"{\"sdp\":\"hello\"}", "not an SDP offer"});
        cases.add(new String[] {"{\"sdp\":\"x\",\"extra\":1}", "Unknown field 'extra'"});
        cases.add(new String[] {body(good, "answer"), "'type' must be 'offer'"});
        cases.add(new String[] {body("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"), "no media"});
        cases.add(new String[] {body(good.substring(0, good.length() / 2)), "SDP offer"}); // truncated before codecs
        cases.add(new String[] {body(good.substring(0, good.indexOf("VP8/90000") + 12)), "refused"}); // libwebrtc says why
        cases.add(new String[] {body(good.replace("VP8/90000", "FOO/90000").replace("rtx/90000", "BAR/90000")
                .replace("red/90000", "BAZ/90000").replace("ulpfec/90000", "QUX/90000")), "no codec the gateway decodes"});
        cases.add(new String[] {body(realOfferAudioOnly()), "only video is configured"});
        for (String[] c : cases) {
            ApiClient.Response response = api.post(OFFER, c[0]);
            assertThat(response.status()).as("%s -> %s", abbreviate(c[0]), response).isEqualTo(400);
            assertThat(response.message()).as("%s", abbreviate(c[0])).containsIgnoringCase(c[1]);
        }
        assertThat(engine.openPeers()).as("refused offers leave no peer").isZero();

        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 3);
                WebRtcPublisher publisher = new WebRtcPublisher("VP8", false, 320, 240, 30, RED)) {
            publisher.publish(b -> WebRtcVideoIngestTest.post(api, b));
            assertThat(viewer.await(p -> p.looks(RED, 12), Duration.ofSeconds(20))).as("still working").isNotNull();
        }
    }

    @Test
    void offerAfterStopIs409AndStopClosesThePeer() throws Exception {
        api.post(CONFIGURE, VIDEO_WEBRTC);
        try (WebRtcPublisher publisher = new WebRtcPublisher("VP8", false, 320, 240, 30, RED)) {
            publisher.publish(b -> WebRtcVideoIngestTest.post(api, b));
            assertThat(publisher.awaitConnected(Duration.ofSeconds(30))).isTrue();
            assertThat(engine.openPeers()).isEqualTo(1);
            api.post(STOP, "");
            assertThat(engine.openPeers()).as("stop closes the peer").isZero();
            assertThat(api.post(OFFER, body(realOffer("VP8"))).status()).isEqualTo(409);
        }
    }

    @Test
    void aNewOfferReplacesThePublisherAndRacingOffersLeaveOnePeer() throws Exception {
        api.post(CONFIGURE, VIDEO_WEBRTC);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 3);
                WebRtcPublisher first = new WebRtcPublisher("VP8", false, 320, 240, 30, RED);
                WebRtcPublisher second = new WebRtcPublisher("VP8", false, 320, 240, 30, BLUE)) {
            first.publish(b -> WebRtcVideoIngestTest.post(api, b));
            assertThat(viewer.await(p -> p.looks(RED, 12), Duration.ofSeconds(20))).isNotNull();
            second.publish(b -> WebRtcVideoIngestTest.post(api, b));
            assertThat(viewer.await(p -> p.looks(BLUE, 12), Duration.ofSeconds(20))).as("replaced").isNotNull();
            assertThat(engine.openPeers()).isEqualTo(1);
        }

        List<WebRtcPublisher> racers = new ArrayList<>();
        try {
            List<CompletableFuture<ApiClient.Response>> posts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                WebRtcPublisher racer = new WebRtcPublisher("VP8", false, 320, 240, 30, i % 2 == 0 ? RED : BLUE);
                racers.add(racer);
                String offer = racer.offer();
                posts.add(CompletableFuture.supplyAsync(() -> api.post(OFFER, body(offer))));
            }
            for (CompletableFuture<ApiClient.Response> post : posts) {
                assertThat(post.get().status()).as("each offer is answered in turn").isEqualTo(200);
            }
            assertThat(engine.openPeers()).as("the last answered offer is the publisher").isEqualTo(1);
            assertThat(Waits.until(Duration.ofSeconds(20), () -> api.get(STATUS).json().path("stats").path("video")
                    .path("publishers").asInt() == 1)).isTrue();
        } finally {
            for (WebRtcPublisher racer : racers) {
                racer.close();
            }
        }
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    private static String realOffer(String codec) throws Exception {
        try (WebRtcPublisher publisher = new WebRtcPublisher(codec, false, 320, 240, 30, RED)) {
            return publisher.offer();
        }
    }

    private static String realOfferAudioOnly() throws Exception {
        try (WebRtcPublisher publisher = new WebRtcPublisher(null, true, 320, 240, 30, RED)) {
            return publisher.offer();
        }
    }

    static String body(String sdp) {
        return body(sdp, null);
    }

    static String body(String sdp, String type) {
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("sdp", sdp);
        if (type != null) {
            body.put("type", type);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
