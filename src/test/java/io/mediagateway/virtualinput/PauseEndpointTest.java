package io.mediagateway.virtualinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/** POST /input/devices/virtual/pause: running → paused, idempotent, 400 when nothing is configured. */
class PauseEndpointTest extends GatewayTestSupport {

    @Test
    void pausesARunningSession() {
        String startedAt = api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}").json().path("started_at").asText();

        ApiClient.Response paused = api.post(PAUSE, null);

        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().path("state").asText()).isEqualTo("paused");
        assertThat(paused.json().path("started_at").asText()).isEqualTo(startedAt);
        assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo("paused");
    }

    @Test
    void pausingTwiceIsANoOp() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"}}");
        api.post(PAUSE, "");

        ApiClient.Response again = api.post(PAUSE, "{}");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("state").asText()).isEqualTo("paused");
    }

    @Test
    void pausingWithNothingConfiguredIs400() {
        ApiClient.Response response = api.post(PAUSE, null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).contains("no virtual input is configured").contains("/configure");
        assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo("idle");
    }

    @Test
    void pausingAfterStopIs400() {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"}}").status()).isEqualTo(200);
        api.post(STOP, null);

        assertThat(api.post(PAUSE, null).status()).isEqualTo(400);
    }
}
