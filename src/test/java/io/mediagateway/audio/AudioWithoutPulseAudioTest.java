package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.Test;

/**
 * With no PulseAudio reachable and none to start (@GatewayTest: autostart off, server nowhere), socket audio is
 * refused with 503 naming the package, the refusal changes nothing, and the audio socket admits no publisher.
 */
class AudioWithoutPulseAudioTest extends GatewayTestSupport {

    @Test
    void configuringSocketAudioIs503NamingThePackageToInstall() {
        ApiClient.Response response = api.post(CONFIGURE, "{\"audio\":{\"type\":\"socket\",\"destination\":\"speaker\"}}");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.message()).contains("PulseAudio").contains("'pulseaudio' package").contains("PULSE_SERVER");
    }

    @Test
    void theRefusalChangesNothing() {
        JsonNode running = api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"}}").json();

        ApiClient.Response refused = api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"},\"audio\":{\"type\":\"socket\"}}");

        assertThat(refused.status()).isEqualTo(503);
        JsonNode after = api.get(STATUS).json();
        assertThat(after.path("video").path("type").asText()).isEqualTo("webrtc");
        assertThat(after.path("started_at")).isEqualTo(running.path("started_at"));
        assertThat(after.has("audio")).isFalse();
        assertThat(after.has("last_error")).isFalse();
    }

    @Test
    void theAudioSocketRefusesPublishersWithJson409WhenAudioIsNotASocket() {
        api.post(CONFIGURE, "{\"audio\":{\"type\":\"webrtc\"}}");

        WsClient.Refusal refusal = WsClient.refused(httpServer.port(), VirtualInputsStatus.AUDIO_SOCKET_PATH);

        assertThat(refusal.status()).isEqualTo(409);
    }
}
