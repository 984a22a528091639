package io.mediagateway.virtualinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/** POST /input/devices/virtual/resume: paused → running, idempotent, 400 when nothing is configured. */
class ResumeEndpointTest extends GatewayTestSupport {

    @Test
    void resumesAPausedSession() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");
        api.post(PAUSE, null);

        ApiClient.Response resumed = api.post(RESUME, null);

        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json().path("state").asText()).isEqualTo("running");
    }

    @Test
    void resumesASessionThatStartedPaused() {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"},\"start_paused\":true}").json()
                .path("state").asText()).isEqualTo("paused");

        assertThat(api.post(RESUME, null).json().path("state").asText()).isEqualTo("running");
    }

    @Test
    void resumingARunningSessionIsANoOp() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"}}");

        ApiClient.Response response = api.post(RESUME, "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("state").asText()).isEqualTo("running");
    }

    @Test
    void resumingWithNothingConfiguredIs400() {
        ApiClient.Response response = api.post(RESUME, null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).contains("Nothing to resume");
    }
}
