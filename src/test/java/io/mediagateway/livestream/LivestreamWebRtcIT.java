package io.mediagateway.livestream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.Waits;
import io.mediagateway.webrtc.WebRtcEngine;
import io.mediagateway.webrtc.WebRtcPublisher;
import io.mediagateway.webrtc.WebRtcViewer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * WebRTC streams with real webrtc-java viewers in the test JVM: they see the display's colour and hear the tone; several
 * watch one stream up to gateway.livestream.max-webrtc-viewers (3 here), the next gets 503; a viewer that leaves is
 * counted out; stopping the stream closes every viewer's peer and leaves no native peer behind.
 */
class LivestreamWebRtcIT extends LivestreamITSupport {

    private static final String OFFER = "/stream/webrtc/offer";

    @Autowired
    WebRtcEngine engine;

    @AfterAll
    static void disposeViewerFactory() {
        WebRtcPublisher.disposeShared();
    }

    @Test
    void viewerSeesTheDisplayColourAndHearsTheTone() throws Exception {
        JsonNode info = start("{\"id\":\"rtc1\",\"mode\":\"webrtc\",\"framerate\":10}");
        assertThat(info.path("mode").asText()).isEqualTo("webrtc");
        assertThat(info.path("webrtc_offer_url").asText()).startsWith("http://").endsWith(OFFER);
        try (WebRtcViewer viewer = new WebRtcViewer()) {
            ApiClient.Response answer = viewer.watch(api, "rtc1");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().path("type").asText()).isEqualTo("answer");
            assertThat(answer.json().path("sdp").asText()).contains("a=candidate").containsIgnoringCase("VP8")
                    .containsIgnoringCase("opus");
            assertThat(viewer.awaitConnected(Duration.ofSeconds(20))).as(viewer.toString()).isTrue();
            painter().paint(GREEN);
            assertThat(Waits.until(media(), () -> viewer.shows(GREEN, 40))).as(viewer.toString()).isTrue();
            assertThat(Waits.until(media(), () -> viewer.hears(TONE_HZ))).as(viewer.toString()).isTrue();
            painter().paint(0x0000ff);
            assertThat(Waits.until(media(), () -> viewer.shows(0x0000ff, 40))).as(viewer.toString()).isTrue();
            JsonNode listed = api.get("/stream/list").json().get(0);
            assertThat(listed.path("viewers").asInt()).isEqualTo(1);
            assertThat(listed.path("is_streaming").asBoolean()).isTrue();
        } finally {
            painter().paint(GREEN);
        }
        // without a goodbye in WebRTC, the gateway learns of it when ICE consent fails (about 20 s)
        assertThat(Waits.until(Duration.ofSeconds(60), () -> viewers("rtc1") == 0)).as("the viewer that left is counted out")
                .isTrue();
    }

    @Test
    void severalViewersUpToTheCapThenA503AndRoomAgainWhenOneLeaves() throws Exception {
        start("{\"id\":\"rtc-many\",\"mode\":\"webrtc\",\"framerate\":5}");
        List<WebRtcViewer> viewers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WebRtcViewer viewer = new WebRtcViewer();
                viewers.add(viewer);
                assertThat(viewer.watch(api, "rtc-many").status()).isEqualTo(200);
            }
            for (WebRtcViewer viewer : viewers) {
                assertThat(Waits.until(media(), () -> viewer.shows(GREEN, 40))).as(viewer.toString()).isTrue();
            }
            assertThat(viewers("rtc-many")).isEqualTo(3);
            try (WebRtcViewer refused = new WebRtcViewer()) {
                ApiClient.Response full = refused.watch(api, "rtc-many");
                assertThat(full.status()).as(full.toString()).isEqualTo(503);
                assertThat(full.message()).contains("max-webrtc-viewers");
            }
            viewers.remove(0).close();
            assertThat(Waits.until(Duration.ofSeconds(60), () -> viewers("rtc-many") == 2)).isTrue();
            WebRtcViewer late = new WebRtcViewer();
            viewers.add(late);
            assertThat(late.watch(api, "rtc-many").status()).isEqualTo(200);
            assertThat(Waits.until(media(), () -> late.shows(GREEN, 40))).as(late.toString()).isTrue();
            for (WebRtcViewer viewer : viewers) {
                long before = viewer.pictures();
                assertThat(Waits.until(media(), () -> viewer.pictures() > before + 5)).as("still playing: " + viewer)
                        .isTrue();
            }
        } finally {
            viewers.forEach(WebRtcViewer::close);
        }
    }

    /**
     * Viewers joining at once while sound is pushed to the others: each new sending peer restarts the headless audio
     * module's recording, which must never overlap a push (STACK.md: that aborts the JVM, so passing is the proof).
     */
    @Test
    void viewersJoiningTogetherWhileSoundPlaysNeverCrashTheGateway() throws Exception {
        for (int round = 1; round <= 3; round++) {
            String id = "rtc-soak-" + round;
            start("{\"id\":\"" + id + "\",\"mode\":\"webrtc\",\"framerate\":5}");
            List<WebRtcViewer> viewers = new ArrayList<>();
            try (WebRtcViewer first = new WebRtcViewer()) {
                assertThat(first.watch(api, id).status()).isEqualTo(200);
                assertThat(Waits.until(media(), () -> first.hears(TONE_HZ))).as(first.toString()).isTrue();
                List<Thread> joining = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    WebRtcViewer viewer = new WebRtcViewer();
                    viewers.add(viewer);
                    Thread join = new Thread(() -> {
                        try {
                            watchRetrying(viewer, id);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    join.start();
                    joining.add(join);
                }
                for (Thread join : joining) {
                    join.join(30_000);
                }
                for (WebRtcViewer viewer : viewers) {
                    assertThat(Waits.until(media(), () -> viewer.hears(TONE_HZ) && viewer.shows(GREEN, 40)))
                            .as(viewer.toString()).isTrue();
                }
                assertThat(Waits.until(media(), () -> first.hears(TONE_HZ))).as(first.toString()).isTrue();
                assertThat(viewers(id)).isEqualTo(3);
            } finally {
                viewers.forEach(WebRtcViewer::close);
            }
            assertThat(api.post("/stream/stop", "{\"id\":\"" + id + "\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void stoppingTheStreamClosesEveryViewerPeer() throws Exception {
        int peersBefore = engine.openPeers();
        start("{\"id\":\"rtc-stop\",\"mode\":\"webrtc\",\"framerate\":5}");
        try (WebRtcViewer one = new WebRtcViewer(); WebRtcViewer two = new WebRtcViewer();
                WebRtcViewer late = new WebRtcViewer()) {
            assertThat(one.watch(api, "rtc-stop").status()).isEqualTo(200);
            assertThat(two.watch(api, "rtc-stop").status()).isEqualTo(200);
            assertThat(Waits.until(media(), () -> one.shows(GREEN, 40) && two.shows(GREEN, 40))).isTrue();
            assertThat(engine.openPeers()).isEqualTo(peersBefore + 2);
            ApiClient.Response stopped = api.post("/stream/stop", "{\"id\":\"rtc-stop\"}");
            assertThat(stopped.status()).isEqualTo(200);
            assertThat(stopped.json().path("is_streaming").asBoolean()).isFalse();
            assertThat(engine.openPeers()).isEqualTo(peersBefore);
            assertThat(Waits.until(media(), () -> one.state() != RTCPeerConnectionState.CONNECTED
                    && two.state() != RTCPeerConnectionState.CONNECTED)).as(one + " / " + two).isTrue();
            ApiClient.Response gone = late.watch(api, "rtc-stop");
            assertThat(gone.status()).isEqualTo(404);
        }
    }

    @Test
    void offersToOtherStreamsOrWithBadSdpAreRefusedAndViewersPlayOn() throws Exception {
        start("{\"id\":\"rtc-bad\",\"mode\":\"webrtc\",\"framerate\":5}");
        start("{\"id\":\"sock-bad\",\"mode\":\"socket\",\"format\":\"mp3\"}");
        try (WebRtcViewer viewer = new WebRtcViewer(); WebRtcViewer wrongStream = new WebRtcViewer()) {
            assertThat(viewer.watch(api, "rtc-bad").status()).isEqualTo(200);
            assertThat(Waits.until(media(), () -> viewer.shows(GREEN, 40))).as(viewer.toString()).isTrue();

            ApiClient.Response conflict = wrongStream.watch(api, "sock-bad");
            assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
            assertThat(conflict.message()).contains("not a webrtc stream");
            ApiClient.Response garbage = api.post(OFFER, "{\"id\":\"rtc-bad\",\"sdp\":\"hello\"}");
            assertThat(garbage.status()).isEqualTo(400);
            ApiClient.Response h264Only = api.post(OFFER, "{\"id\":\"rtc-bad\",\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 127.0.0.1"
                    + "\\r\\ns=-\\r\\nt=0 0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 102\\r\\na=rtpmap:102 H264/90000\\r\\n\"}");
            assertThat(h264Only.status()).isEqualTo(400);
            assertThat(h264Only.message()).contains("VP8");
            // passes the text checks, refused by libwebrtc (no ICE credentials, no fingerprint)
            ApiClient.Response unusable = api.post(OFFER, "{\"id\":\"rtc-bad\",\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 "
                    + "127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n\"}");
            assertThat(unusable.status()).as(unusable.toString()).isEqualTo(400);
            assertThat(unusable.message()).contains("refused");

            assertThat(viewers("rtc-bad")).isEqualTo(1);
            long before = viewer.pictures();
            assertThat(Waits.until(media(), () -> viewer.pictures() > before + 5)).as(viewer.toString()).isTrue();
        }
    }

    /**
     * A viewer that never applies its answer holds the engine-wide join turn; a second offer waits for it; the stream
     * stops meanwhile. The waiting offer is refused (409/503 JSON, not 500), nothing crashes, no native peer is left
     * open, and the turn is free again: a viewer of a new stream sees and hears it.
     */
    @Test
    void anOfferWaitingForTheJoinTurnWhenTheStreamStopsIsRefusedAndLeavesNothingBehind() throws Exception {
        int peersBefore = engine.openPeers();
        start("{\"id\":\"rtc-race\",\"mode\":\"webrtc\",\"framerate\":5}");
        try (WebRtcViewer silent = new WebRtcViewer(); WebRtcViewer waiting = new WebRtcViewer()) {
            ApiClient.Response held = offerOnly(silent, "rtc-race"); // answered, never applied: holds the turn
            assertThat(held.status()).as(held.toString()).isEqualTo(200);
            String offer = offerBody(waiting, "rtc-race");
            CompletableFuture<ApiClient.Response> second = CompletableFuture.supplyAsync(() -> api.post(OFFER, offer));
            assertThat(Waits.until(media(), () -> second.isDone() || viewers("rtc-race") == 2)).isTrue();
            assertThat(api.post("/stream/stop", "{\"id\":\"rtc-race\"}").status()).isEqualTo(200);
            ApiClient.Response refused = second.get(60, TimeUnit.SECONDS);
            assertThat(refused.status()).as(refused.toString()).isIn(409, 503);
            assertThat(refused.message()).isNotBlank();
            assertThat(Waits.until(media(), () -> engine.openPeers() == peersBefore)).as("open peers").isTrue();
        }
        start("{\"id\":\"rtc-after-race\",\"mode\":\"webrtc\",\"framerate\":5}");
        try (WebRtcViewer viewer = new WebRtcViewer()) {
            ApiClient.Response answer = viewer.watch(api, "rtc-after-race");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(Waits.until(media(), () -> viewer.shows(GREEN, 40) && viewer.hears(TONE_HZ)))
                    .as(viewer.toString()).isTrue();
        }
    }

    /**
     * Offers arriving together while one viewer holds the join turn wait only briefly and only a few at a time (each
     * holds an HTTP worker): each gets an answer or a 503 that says to retry, and the rest of the API answers meanwhile.
     */
    @Test
    void concurrentOffersGetAnAnswerOrA503AndTheApiStaysResponsive() throws Exception {
        start("{\"id\":\"rtc-crowd-a\",\"mode\":\"webrtc\",\"framerate\":5}");
        start("{\"id\":\"rtc-crowd-b\",\"mode\":\"webrtc\",\"framerate\":5}");
        List<WebRtcViewer> crowd = new ArrayList<>();
        ExecutorService posting = Executors.newFixedThreadPool(5);
        try (WebRtcViewer silent = new WebRtcViewer()) {
            assertThat(offerOnly(silent, "rtc-crowd-a").status()).isEqualTo(200); // holds the turn
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 5; i++) { // within both streams' viewer caps: every one asks for the turn
                WebRtcViewer viewer = new WebRtcViewer();
                crowd.add(viewer);
                bodies.add(offerBody(viewer, i < 2 ? "rtc-crowd-a" : "rtc-crowd-b"));
            }
            List<Future<ApiClient.Response>> offers = new ArrayList<>();
            for (String body : bodies) {
                offers.add(posting.submit(() -> api.post(OFFER, body)));
            }
            assertThat(api.get("/stream/list").status()).isEqualTo(200);
            int unavailable = 0;
            for (Future<ApiClient.Response> offer : offers) {
                ApiClient.Response response = offer.get(60, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.toString()).isIn(200, 503);
                if (response.status() == 503) {
                    unavailable++;
                    assertThat(response.message()).contains("joining").contains("retry");
                }
            }
            assertThat(unavailable).as("offers while the turn is held").isPositive();
        } finally {
            posting.shutdownNow();
            crowd.forEach(WebRtcViewer::close);
        }
    }

    /** Watches like a browser client would: retries while the answer is 503 because another viewer is joining. */
    private void watchRetrying(WebRtcViewer viewer, String id) throws Exception {
        ApiClient.Response response = viewer.watchWhenFree(api, id, media());
        assertThat(response.status()).as("an answer while viewers join: " + response).isEqualTo(200);
    }

    private ApiClient.Response offerOnly(WebRtcViewer viewer, String id) throws Exception {
        return api.post(OFFER, offerBody(viewer, id));
    }

    private static String offerBody(WebRtcViewer viewer, String id) throws Exception {
        return new ObjectMapper().writeValueAsString(Map.of("id", id, "sdp", viewer.offer()));
    }

    private int viewers(String id) {
        for (JsonNode stream : api.get("/stream/list").json()) {
            if (stream.path("id").asText().equals(id)) {
                return stream.path("viewers").asInt();
            }
        }
        throw new AssertionError("no stream " + id);
    }
}
