package io.mediagateway.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/** GET /input/devices/virtual/feed, its script, and GET .../feed/socket/info. */
class FeedEndpointsTest extends GatewayTestSupport {

    private static final String FEED = "/input/devices/virtual/feed";
    private static final String INFO = "/input/devices/virtual/feed/socket/info";

    @Test
    void pageUsesTheRequestedFitAndTheBundledPlayer() {
        ApiClient.Response page = api.get(FEED + "?fit=cover");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("object-fit: cover").contains("Loading…")
                .contains("/input/devices/virtual/feed/jsmpeg.min.js").doesNotContain("http://", "https://cdn");
    }

    @Test
    void fitDefaultsToContainAndIsCaseInsensitive() {
        assertThat(api.get(FEED).body()).contains("object-fit: contain");
        assertThat(api.get(FEED + "?fit=FILL").body()).contains("object-fit: fill");
    }

    @Test
    void unknownFitIs400Json() {
        ApiClient.Response response = api.get(FEED + "?fit=stretch");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).contains("'fit'").contains("cover, contain or fill");
    }

    @Test
    void playerScriptIsServedFromTheJar() {
        ApiClient.Response script = api.get(FEED + "/jsmpeg.min.js");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("application/javascript");
        assertThat(script.body()).contains("JSMpeg").hasSizeGreaterThan(50_000);
    }

    @Test
    void infoGivesTheAbsoluteSocketUrlAsTheClientSeesUs() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");

        ApiClient.Response info = api.get(INFO, "Host", "localhost:444");

        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().path("url").asText()).isEqualTo("ws://localhost:444/input/devices/virtual/feed/socket");
        assertThat(info.json().path("format").asText()).isEqualTo("mpegts");
    }

    @Test
    void infoIs409WithoutVideo() {
        // nothing configured here; with only audio configured: io.mediagateway.virtualinput.ConfigureAudioIT
        ApiClient.Response info = api.get(INFO);

        assertThat(info.status()).isEqualTo(409);
        assertThat(info.message()).contains("No video is configured");
    }
}
