package io.mediagateway.chromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import org.junit.jupiter.api.Test;

/**
 * The live feed page in headless Chromium (src/test/browser/feed-page.mjs): "Loading…" while no picture has come,
 * then the colour pushed over the ingest socket at the centre of its canvas, and "Loading…" gone.
 */
class FeedPageChromiumIT extends GatewayTestSupport {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void feedPageSaysLoadingThenShowsThePushedColour() throws Exception {
        ChromiumScenario.requireChromiumAndNode();
        int port = httpServer.port();
        try (ChromiumScenario chromium = ChromiumScenario.start("feed-page.mjs", "--port=" + port, "--expect=#ff0000",
                "--timeout-ms=60000")) {
            // No video configured yet: the page is open and has nothing to show.
            JsonNode ready = chromium.await(LIMIT, "ready");
            assertThat(ready.path("status").asInt()).isEqualTo(200);
            assertThat(ready.at("/before/loadingVisible").asBoolean()).as("Loading… before any picture: %s", ready).isTrue();
            assertThat(ready.at("/before/loadingText").asText()).isEqualTo("Loading…");
            assertThat(ready.at("/before/pictures").asInt()).isZero();
            assertThat(Colours.near(ready.path("beforeColour"), Colours.RED)).as("centre before the push: %s", ready).isFalse();

            api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}");
            long pushStarted;
            try (VideoPusher pusher = VideoPusher.start(port, TestMedia.mpeg1Ts("red", 320, 240, 30, 4), 4)) {
                pushStarted = pusher.startedAtMillis();
                chromium.await(LIMIT, "colour", "result");
            }
            JsonNode result = chromium.await(LIMIT, "result");

            assertThat(result.path("colourSeen").asBoolean()).as("red at the centre of the page: %s", result).isTrue();
            assertThat(Colours.near(result.path("rgb"), Colours.RED)).as("%s", result.path("rgb")).isTrue();
            assertThat(result.at("/after/loadingVisible").asBoolean()).as("Loading… hidden once pictures came").isFalse();
            assertThat(result.at("/after/pictures").asInt()).isPositive();
            assertThat(result.at("/after/canvasWidth").asInt()).isEqualTo(320);
            assertThat(result.at("/after/canvasHeight").asInt()).isEqualTo(240);
            System.out.printf("feed page: push start -> red on screen %d ms (renderer %s, Chromium %s)%n",
                    result.path("colourSeenAt").asLong() - pushStarted, result.at("/after/renderer").asText(),
                    result.path("browserVersion").asText());
            chromium.awaitExit(Duration.ofSeconds(30)); // it closes Chromium and removes its profile
        }
    }
}
