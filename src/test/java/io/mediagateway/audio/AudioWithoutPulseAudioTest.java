package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With no PulseAudio reachable and none to start (@GatewayTest: autostart off, server nowhere), audio of every type is
 * refused with 503 naming the package, the refusal changes nothing, and the audio socket admits no publisher.
 *
 * <p>The check is the virtual-input registry's, before any pipeline is chosen, so it holds for source types whose
 * pipeline lives elsewhere or does not exist yet: {@code stream} and {@code file} audio are refused here whether or not
 * a pipeline for them is registered. Video-only configurations are untouched by it.
 */
class AudioWithoutPulseAudioTest extends GatewayTestSupport {

    /** Under gateway.sources.file-root of @GatewayTest: a file source must name an existing file to pass validation. */
    private static final Path MEDIA = Path.of("target/test-media/audio-without-pulse").toAbsolutePath();

    @BeforeAll
    static void createMediaFile() throws IOException {
        Files.createDirectories(MEDIA);
        Files.writeString(MEDIA.resolve("tone.mp3"), "not really audio");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"audio\":{\"type\":\"socket\",\"destination\":\"speaker\"}}",
            "{\"audio\":{\"type\":\"webrtc\"}}",
            "{\"audio\":{\"type\":\"WebRTC\",\"format\":\"ogg\",\"destination\":\"speaker\"}}",
            "{\"video\":{\"type\":\"webrtc\"},\"audio\":{\"type\":\"webrtc\"}}",
            "{\"video\":{\"type\":\"socket\"},\"audio\":{\"type\":\"webrtc\"},\"start_paused\":true}",
            "{\"audio\":{\"type\":\"stream\",\"url\":\"http://radio.local/live.mp3\"}}",
            "{\"audio\":{\"type\":\"stream\",\"url\":\"rtmp://media.local/live/k\",\"destination\":\"speaker\"}}",
            "{\"audio\":{\"type\":\"file\",\"url\":\"FILE_URL\"}}",
            "{\"video\":{\"type\":\"stream\",\"url\":\"rtsp://camera.local/s1\"},\"audio\":{\"type\":\"file\",\"url\":\"FILE_URL\"}}",
    })
    void audioOfEveryTypeIs503NamingThePackageAndNothingIsConfigured(String body) {
        ApiClient.Response refused = api.post(CONFIGURE, body.replace("FILE_URL", "file://" + MEDIA.resolve("tone.mp3")));

        assertRefusedForPulseAudio(refused);
        JsonNode status = api.get(STATUS).json();
        assertThat(status.path("state").asText()).isEqualTo("idle");
        assertThat(status.has("video")).isFalse();
        assertThat(status.has("audio")).isFalse();
        assertThat(status.has("last_error")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"socket", "webrtc", "stream", "file"})
    void theRefusalLeavesTheRunningSessionAsItWas(String type) {
        JsonNode running = api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\",\"width\":640,\"height\":360}}").settled();
        String url = switch (type) {
            case "stream" -> ",\"url\":\"http://radio.local/live.mp3\"";
            case "file" -> ",\"url\":\"file://" + MEDIA.resolve("tone.mp3") + "\"";
            default -> "";
        };

        ApiClient.Response refused = api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"},\"audio\":{\"type\":\"" + type
                + "\"" + url + "}}");

        assertRefusedForPulseAudio(refused);
        JsonNode after = api.get(STATUS).settled();
        assertThat(after).isEqualTo(running);
        assertThat(after.path("video").path("type").asText()).isEqualTo("webrtc");
        assertThat(after.has("audio")).isFalse();
        assertThat(after.has("last_error")).isFalse();
    }

    @Test
    void badAudioFieldsAre400BeforeThePulseAudioCheck() {
        ApiClient.Response response = api.post(CONFIGURE, "{\"audio\":{\"type\":\"webrtc\",\"format\":\"mp3\"}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).contains("'audio.format'");
    }

    @Test
    void videoOnlyIsConfiguredWithoutPulseAudio() {
        ApiClient.Response response = api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("state").asText()).isEqualTo("running");
    }

    @Test
    void theAudioSocketRefusesPublishersWithJson409WhenAudioIsNotConfigured() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"}}");

        WsClient.Refusal refusal = WsClient.refused(httpServer.port(), VirtualInputsStatus.AUDIO_SOCKET_PATH);

        assertThat(refusal.status()).isEqualTo(409);
        assertThat(new ApiClient.Response(409, refusal.body(), "").message()).isNotBlank();
    }

    private static void assertRefusedForPulseAudio(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.message()).startsWith("Audio ingest needs PulseAudio. ").contains("'pulseaudio' package")
                .contains("PULSE_SERVER");
    }
}
