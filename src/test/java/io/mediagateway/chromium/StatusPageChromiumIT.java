package io.mediagateway.chromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.management.ManagementServer;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The status page at / in headless Chromium (src/test/browser/status-page.mjs): the state of the virtual inputs, the
 * pushed colour in the live preview, the health of each system part, and a link to the Hawtio console, whose Camel
 * view lists the gateway's routes.
 */
@DisableJmx(false)
@TestPropertySource(properties = {"gateway.management.enabled=true", "gateway.management.port=0"})
class StatusPageChromiumIT extends GatewayTestSupport {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Autowired
    ManagementServer management;

    @Test
    void statusPageShowsLiveStateAndPreviewAndLinksTheConsole() throws Exception {
        ChromiumScenario.requireChromiumAndNode();
        int port = httpServer.port();
        management.port().get(60, TimeUnit.SECONDS);
        String console = management.consoleUrl().orElseThrow();
        try (ChromiumScenario chromium = ChromiumScenario.start("status-page.mjs", "--port=" + port,
                "--console=" + console, "--expect=#ff0000", "--timeout-ms=60000")) {
            JsonNode ready = chromium.await(LIMIT, "ready");
            assertThat(ready.path("status").asInt()).isEqualTo(200);
            assertThat(ready.at("/before/inputState").asText()).isEqualTo("idle");
            assertThat(ready.at("/before/healthState").asText()).isEqualTo("UP");
            assertThat(ready.at("/before/healthRows").asText()).contains("pulseaudio", "display", "video_device", "DOWN");
            assertThat(ready.at("/before/consoleLink").asText()).isEqualTo(console);

            api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}");
            try (VideoPusher pusher = VideoPusher.start(port, TestMedia.mpeg1Ts("red", 320, 240, 30, 6), 6)) {
                chromium.await(LIMIT, "colour", "result");
            }
            JsonNode result = chromium.await(LIMIT, "result");

            assertThat(result.path("colourSeen").asBoolean()).as("red in the preview: %s", result).isTrue();
            assertThat(result.at("/after/inputState").asText()).isEqualTo("running");
            assertThat(result.at("/after/inputRows").asText()).contains("socket 320×240 @ 30 fps", "bytes_in");
            assertThat(result.path("consoleStatus").asInt()).isEqualTo(200);
            assertThat(result.path("consoleRoutesShown").asBoolean()).as("Hawtio's Camel view: %s",
                    result.path("consoleText").asText()).isTrue();
            chromium.awaitExit(Duration.ofSeconds(30));
        }
    }
}
