package io.mediagateway.virtualinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/** POST /input/devices/virtual/stop: always 200, back to idle with nothing configured. */
class StopEndpointTest extends GatewayTestSupport {

    @Test
    void stopsARunningSession() {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}").status())
                .isEqualTo(200);

        ApiClient.Response stopped = api.post(STOP, null);

        assertThat(stopped.status()).isEqualTo(200);
        JsonNode status = stopped.json();
        assertThat(status.path("state").asText()).isEqualTo("idle");
        assertThat(status.has("video")).isFalse();
        assertThat(status.has("audio")).isFalse();
        assertThat(status.has("ingest")).isFalse();
        assertThat(status.has("started_at")).isFalse();
    }

    @Test
    void stopsAPausedSession() {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"},\"start_paused\":true}").json()
                .path("state").asText()).isEqualTo("paused");

        assertThat(api.post(STOP, "{}").json().path("state").asText()).isEqualTo("idle");
    }

    @Test
    void stoppingWhenIdleIsStill200() {
        ApiClient.Response first = api.post(STOP, null);
        ApiClient.Response second = api.post(STOP, null);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("state").asText()).isEqualTo("idle");
    }

    @Test
    void aStoppedGatewayCanBeConfiguredAgain() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");
        api.post(STOP, null);

        ApiClient.Response again = api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"}}");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("state").asText()).isEqualTo("running");
        assertThat(again.json().path("video").path("type").asText()).isEqualTo("webrtc");
    }
}
