package io.mediagateway.chromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import org.junit.jupiter.api.Test;

/**
 * The browser camera in headless Chromium (src/test/browser/browser-camera.mjs): a blank page on another origin than
 * the gateway gets the feed from getUserMedia({video:true}) — by {@code <script src=".../camera.js">} or by the
 * extension — shows the pushed colour, then black once the push stops; enumerateDevices lists the camera; all tracks
 * share one feed socket, which the last stop() closes; a request for another device reaches the real getUserMedia;
 * the socket reconnects when dropped; with no gateway reachable the track still plays (black).
 */
class BrowserCameraChromiumIT extends GatewayTestSupport {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    void injectableScriptMakesTheFeedThePagesCamera() throws Exception {
        JsonNode result = scenario("script", "auto", Colours.RED);
        assertThat(result.at("/installed/scriptTags/0").asText())
                .isEqualTo("http://127.0.0.1:" + httpServer.port() + "/input/devices/virtual/camera.js");
        assertThat(result.at("/statusTwoTracks/output").asText()).isEqualTo("generator");
    }

    @Test
    void extensionMakesTheFeedThePagesCamera() throws Exception {
        JsonNode result = scenario("extension", "auto", Colours.BLUE);
        assertThat(result.at("/installed/scriptTags")).as("no <script> on the page: the extension did it").isEmpty();
        assertThat(result.at("/statusTwoTracks/output").asText()).isEqualTo("generator");
    }

    /** Where there is no MediaStreamTrackGenerator the script draws on a canvas: forced here, as a page can. */
    @Test
    void canvasCaptureFallbackAlsoCarriesTheFeed() throws Exception {
        JsonNode result = scenario("script", "canvas", Colours.GREEN);
        assertThat(result.at("/statusTwoTracks/output").asText()).isEqualTo("canvas");
    }

    private JsonNode scenario(String delivery, String output, int[] colour) throws Exception {
        ChromiumScenario.requireChromiumAndNode();
        int port = httpServer.port();
        String gateway = "http://127.0.0.1:" + port;
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}");
        try (ChromiumScenario chromium = ChromiumScenario.start("browser-camera.mjs", "--port=" + port,
                "--expect=" + Colours.hex(colour), "--delivery=" + delivery, "--output=" + output, "--timeout-ms=60000")) {
            JsonNode ready = chromium.await(LIMIT, "ready");
            String diagnostics = "%s".formatted(ready);
            assertThat(ready.at("/installed/deviceId").asText()).as(diagnostics).isEqualTo("media-gateway-camera");
            assertThat(ready.path("pageUrl").asText()).as("the page is not on the gateway's origin").doesNotStartWith(gateway);
            assertThat(cameras(ready.path("devices"))).as("enumerateDevices: %s", ready.path("devices"))
                    .containsExactly("media-gateway-camera|Media Gateway Camera|videoinput|true");
            assertThat(ready.at("/first/tracks/0/label").asText()).isEqualTo("Media Gateway Camera");
            assertThat(ready.at("/first/tracks/0/readyState").asText()).isEqualTo("live");
            assertThat(ready.at("/first/settings/deviceId").asText()).isEqualTo("media-gateway-camera");
            // Before the push the camera shows the gateway's black: the colour check below can tell them apart.
            assertThat(Colours.near(ready.at("/before/rgb"), Colours.BLACK)).as("before the push: %s", ready.path("before")).isTrue();

            long pushStarted;
            long pushStopped;
            VideoPusher pusher = VideoPusher.start(port, TestMedia.mpeg1Ts(Colours.ffmpeg(colour), 320, 240, 30, 4), 4);
            try {
                pushStarted = pusher.startedAtMillis();
                chromium.await(LIMIT, "colour", "result");
                pusher.stop(); // stays connected: black must come from stale-after
                pushStopped = pusher.lastSentAtMillis();
                JsonNode result = chromium.await(LIMIT, "result");
                verify(result, colour, gateway);
                System.out.printf("browser camera (%s, %s): push start -> colour in the track %d ms; last chunk -> black %d ms; "
                        + "getUserMedia %d ms; frames in 2 s after a reconnect %d; no gateway: getUserMedia %d ms, "
                        + "black frames in 2 s %d%n", delivery, output,
                        result.path("colourSeenAt").asLong() - pushStarted, result.path("blackSeenAt").asLong() - pushStopped,
                        result.at("/first/ms").asLong(), result.at("/reconnect/framesAfterReconnect").asInt(),
                        result.at("/unreachable/track/ms").asLong(), result.at("/unreachable/frames").asInt());
                chromium.awaitExit(Duration.ofSeconds(30)); // it closes Chromium and removes its profile
                return result;
            } finally {
                pusher.close();
            }
        }
    }

    private static void verify(JsonNode result, int[] colour, String gateway) {
        String all = result.toString();
        // the pushed colour, in a track the size of the feed
        assertThat(result.path("colourSeen").asBoolean()).as("the pushed colour in the track: %s", all).isTrue();
        assertThat(Colours.near(result.at("/colour/rgb"), colour)).isTrue();
        assertThat(result.at("/colour/videoWidth").asInt()).isEqualTo(320);
        assertThat(result.at("/colour/videoHeight").asInt()).isEqualTo(240);
        assertThat(result.at("/colour/settings/width").asInt()).isEqualTo(320);
        assertThat(result.at("/colour/settings/height").asInt()).isEqualTo(240);
        assertThat(result.at("/colour/settings/frameRate").asDouble()).isEqualTo(30.0);
        // then black: the push stopped and the gateway's stale-after (500 ms) passed
        assertThat(result.path("blackSeen").asBoolean()).as("black after the push stopped: %s", all).isTrue();
        assertThat(result.path("blackSeenAt").asLong()).isGreaterThan(result.path("colourSeenAt").asLong());
        // the camera found the gateway (not the page's origin)
        assertThat(result.at("/statusTwoTracks/origin").asText()).isEqualTo(gateway);
        // one socket for two tracks; stopping one keeps the other live; stopping both closes the socket
        assertThat(result.path("viewersOneTrack").asInt()).as(all).isEqualTo(1);
        assertThat(result.at("/second/tracks/0/label").asText()).isEqualTo("Media Gateway Camera");
        assertThat(result.path("viewersTwoTracks").asInt()).as(all).isEqualTo(1);
        assertThat(result.at("/statusTwoTracks/tracks").asInt()).isEqualTo(2);
        assertThat(result.at("/statusTwoTracks/connects").asInt()).isEqualTo(1);
        assertThat(result.at("/firstAfterStop/readyState").asText()).isEqualTo("ended");
        assertThat(result.path("viewersAfterFirstStopped").asInt()).as(all).isEqualTo(1);
        assertThat(result.path("secondFramesAfterFirstStopped").asInt()).as("frames on the second track").isGreaterThanOrEqualTo(5);
        assertThat(result.path("viewersAfterBothStopped").asInt()).as("feed viewers after the last stop(): %s", all).isZero();
        assertThat(result.at("/statusAfterStop/tracks").asInt()).isZero();
        // another deviceId goes to the real getUserMedia, which has no camera here
        assertThat(result.at("/otherDevice/ok").asBoolean()).as("%s", result.path("otherDevice")).isFalse();
        assertThat(result.at("/otherDevice/name").asText()).isIn("NotFoundError", "OverconstrainedError", "NotReadableError");
        // no gateway where the camera looks: still a live track, playing black
        assertThat(result.at("/unreachable/track/tracks/0/readyState").asText()).as(all).isEqualTo("live");
        assertThat(result.at("/unreachable/track/playing").asBoolean()).as(all).isTrue();
        assertThat(result.at("/unreachable/frames").asInt()).as("black frames with no gateway: %s", all).isGreaterThanOrEqualTo(3);
        assertThat(Colours.near(result.at("/unreachable/sample/rgb"), Colours.BLACK)).as(all).isTrue();
        assertThat(result.at("/unreachable/status/connects").asInt()).isZero();
        assertThat(result.at("/unreachable/status/origin").asText()).isEqualTo(result.at("/unreachable/origin").asText());
        // a dropped socket is reconnected and frames flow again
        assertThat(result.at("/reconnect/connectionsBeforeDrop").asInt()).as(all).isEqualTo(1);
        assertThat(result.at("/reconnect/connectionsAfterDrop").asInt()).as(all).isGreaterThanOrEqualTo(2);
        assertThat(result.at("/reconnect/framesAfterReconnect").asInt()).as(all).isGreaterThanOrEqualTo(5);
        assertThat(result.at("/reconnect/statusAfterReconnect/connects").asInt()).as(all).isGreaterThanOrEqualTo(2);
    }

    /** The videoinput devices named like ours, as deviceId|label|kind|isMediaDeviceInfo. */
    private static List<String> cameras(JsonNode devices) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : devices) {
            if (d.path("label").asText().contains("Media Gateway") || "media-gateway-camera".equals(d.path("deviceId").asText())) {
                out.add(d.path("deviceId").asText() + "|" + d.path("label").asText() + "|" + d.path("kind").asText() + "|"
                        + d.path("isMediaDeviceInfo").asBoolean());
            }
        }
        return out;
    }
}
