package io.mediagateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/** GET /health on a machine with none of the system parts: the gateway is UP and says what each missing part needs. */
class HealthEndpointTest extends GatewayTestSupport {

    @Test
    void gatewayIsUpAndEveryMissingPartSaysHowToFixIt() {
        ApiClient.Response response = api.get("/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode health = response.json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("mode").asText()).isEqualTo("virtual-file");
        JsonNode parts = health.path("components");
        assertThat(parts.path("pulseaudio").path("status").asText()).isEqualTo("DOWN");
        assertThat(parts.path("pulseaudio").path("detail").asText())
                .contains("unix:/nonexistent/pulse/native").contains("pulseaudio");
        assertThat(parts.path("display").path("status").asText()).isEqualTo("DOWN");
        assertThat(parts.path("display").path("detail").asText()).contains(":1999").contains("xvfb");
        assertThat(parts.path("video_device").path("status").asText()).isEqualTo("DOWN");
        assertThat(parts.path("video_device").path("detail").asText())
                .contains("/nonexistent/video0").contains("v4l2loopback");
    }

    @Test
    void healthOnlyAnswersGet() {
        ApiClient.Response response = api.post("/health", "{}");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.message()).contains("POST");
    }
}
