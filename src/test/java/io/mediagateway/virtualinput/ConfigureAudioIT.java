package io.mediagateway.virtualinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagateway.audio.AudioIngestITSupport;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.FileUrls;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * POST /input/devices/virtual/configure with audio that is not a socket (webrtc, stream, file), against a real
 * PulseAudio: audio of every type needs one (503 without, {@code io.mediagateway.audio.AudioWithoutPulseAudioTest}), so
 * the checks of the audio fields live here rather than in {@link ConfigureEndpointTest} (which runs without PulseAudio
 * and keeps the video side of each). Socket audio has its own ({@code io.mediagateway.audio.AudioSocketConfigureIT}).
 */
class ConfigureAudioIT extends AudioIngestITSupport {

    /** gateway.sources.file-root of {@link AudioIngestITSupport}; this class keeps its files in its own folder there. */
    private static final Path MEDIA = Path.of("target/test-media").toAbsolutePath().resolve("configure-audio-it");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void createMediaFiles() throws IOException {
        Files.createDirectories(MEDIA);
        Files.writeString(MEDIA.resolve("clip.mp4"), "not really a video");
        Files.writeString(MEDIA.resolve("tone.mp3"), "not really audio");
    }

    // ---- type ----------------------------------------------------------------------------------------------------

    @Test
    void webrtcIsAcceptedForVideoAndAudioTogether() {
        JsonNode status = configure("{\"video\":{\"type\":\"webrtc\"},\"audio\":{\"type\":\"webrtc\"}}");

        assertThat(status.path("state").asText()).isEqualTo("running");
        assertThat(status.path("audio").path("type").asText()).isEqualTo("webrtc");
        assertThat(status.path("ingest").path("video").path("protocol").asText()).isEqualTo("webrtc");
        assertThat(status.path("ingest").path("audio").path("protocol").asText()).isEqualTo("webrtc");
    }

    @Test
    void streamAudioIsAcceptedWithANetworkUrl() {
        JsonNode status = configure("{\"audio\":{\"type\":\"stream\",\"url\":\"http://radio.local/live.mp3\"}}");

        assertThat(status.path("audio").path("type").asText()).isEqualTo("stream");
        assertThat(status.path("audio").path("url").asText()).isEqualTo("http://radio.local/live.mp3");
    }

    @Test
    void fileAudioIsAcceptedWithAFileUnderTheRoot() throws IOException {
        JsonNode status = configure("{\"audio\":{\"type\":\"file\",\"url\":\"" + fileUrl("tone.mp3") + "\"}}");

        assertThat(status.path("audio").path("type").asText()).isEqualTo("file");
        assertThat(status.path("audio").path("url").asText()).isEqualTo(FileUrls.real(MEDIA.resolve("tone.mp3")));
    }

    @ParameterizedTest(name = "audio \"{0}\" reads as webrtc")
    @ValueSource(strings = {"WEBRTC", "WebRtc", " webrtc "})
    void audioTypeIsCaseInsensitive(String sent) {
        assertThat(configure("{\"audio\":{\"type\":\"" + sent + "\"}}").path("audio").path("type").asText())
                .isEqualTo("webrtc");
    }

    // ---- audio.format, audio.url ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"audio\":{\"type\":\"webrtc\"}}                     | opus",
            "{\"audio\":{\"type\":\"webrtc\",\"format\":\"opus\"}} | opus",
            "{\"audio\":{\"type\":\"webrtc\",\"format\":\"ogg\"}}  | ogg",
    })
    void formatIsDefaultedOrAcceptedAndEchoedInTheInputAndItsIngest(String body, String format) {
        JsonNode status = configure(body);

        assertThat(status.path("audio").path("format").asText()).isEqualTo(format);
        assertThat(status.path("ingest").path("audio").path("format").asText()).isEqualTo(format);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://media.local/live/index.m3u8", "rtmps://media.local:443/live/key",
            "srt://media.local:9000?mode=caller"})
    void allowedSchemesAreAcceptedForStreamAudioAndEchoedAsSent(String url) {
        assertThat(configure("{\"audio\":{\"type\":\"stream\",\"url\":\"" + url + "\"}}").path("audio").path("url").asText())
                .isEqualTo(url);
    }

    @Test
    void fileUrlIsAcceptedForAStreamAudioSourceToo() throws IOException {
        JsonNode status = configure("{\"audio\":{\"type\":\"stream\",\"url\":\"" + fileUrl("tone.mp3") + "\"}}");

        assertThat(status.path("audio").path("url").asText()).isEqualTo(FileUrls.real(MEDIA.resolve("tone.mp3")));
    }

    // ---- audio.destination -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"audio\":{\"type\":\"webrtc\"}}                                | microphone | audio_input",
            "{\"audio\":{\"type\":\"webrtc\",\"destination\":\"microphone\"}} | microphone | audio_input",
            "{\"audio\":{\"type\":\"webrtc\",\"destination\":\"speaker\"}}    | speaker    | audio_output",
            "{\"audio\":{\"type\":\"webrtc\",\"destination\":\"SPEAKER\"}}    | speaker    | audio_output",
    })
    void destinationPicksTheSink(String body, String destination, String sink) {
        JsonNode status = configure(body);

        assertThat(status.path("audio").path("destination").asText()).isEqualTo(destination);
        assertThat(status.path("ingest").path("audio").path("destination").asText()).isEqualTo(destination);
        assertThat(status.path("audio_sink").asText()).isEqualTo(sink);
        assertThat(status.path("microphone_source").asText()).isEqualTo("virtual_mic");
    }

    // ---- the echoed status -------------------------------------------------------------------------------------------

    @Test
    void responseEchoesEffectiveValuesWithDefaultsFilled() throws IOException {
        // failsafe's JDK client may not set Host (a restricted header there): the forwarded host takes its place
        ApiClient.Response response = api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"},\"audio\":{\"type\":\"webrtc\"}}",
                "X-Forwarded-Host", "localhost:444");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);

        JsonNode status = response.json();
        assertThat(status.path("video")).isEqualTo(JSON.readTree("""
                {"type": "socket", "format": "mpegts", "width": 1280, "height": 720, "frame_rate": 30}"""));
        assertThat(status.path("audio")).isEqualTo(JSON.readTree("""
                {"type": "webrtc", "format": "opus", "destination": "microphone"}"""));
        assertThat(status.path("ingest")).isEqualTo(JSON.readTree("""
                {"video": {"protocol": "socket", "format": "mpegts",
                           "url": "ws://localhost:444/input/devices/virtual/socket/video"},
                 "audio": {"protocol": "webrtc", "format": "opus", "destination": "microphone",
                           "url": "http://localhost:444/input/devices/virtual/webrtc/offer"}}"""));
        assertThat(status.path("state").asText()).isEqualTo("running");
        assertThat(status.path("mode").asText()).isEqualTo("virtual-file");
        assertThat(status.path("video_device").asText()).isEqualTo("/nonexistent/video0");
        assertThat(status.path("audio_sink").asText()).isEqualTo("audio_input");
        assertThat(status.path("microphone_source").asText()).isEqualTo("virtual_mic");
        assertThat(status.has("last_error")).isFalse();
    }

    @Test
    void audioIngestUrlFollowsTheForwardedHeaders() {
        configure("{\"audio\":{\"type\":\"webrtc\"}}");

        JsonNode ingest = api.get(STATUS, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "gw.example.com, proxy.internal")
                .json().path("ingest");

        assertThat(ingest.path("audio").path("url").asText())
                .isEqualTo("https://gw.example.com/input/devices/virtual/webrtc/offer");
    }

    @Test
    void responseIsWhatStatusSaysAfterwards() {
        JsonNode configured = configure("{\"video\":{\"type\":\"webrtc\",\"width\":640,\"height\":360,"
                + "\"frame_rate\":15},\"audio\":{\"type\":\"webrtc\",\"destination\":\"speaker\"},\"start_paused\":true}");

        // stats are live counters (the camera's clock keeps counting), everything else is the same
        assertThat(withoutStats(api.get(STATUS).json())).isEqualTo(withoutStats(configured));
        assertThat(configured.path("audio").path("destination").asText()).isEqualTo("speaker");
    }

    @Test
    void streamAndFileSourcesHaveNoIngestEntryForTheirKind() throws IOException {
        JsonNode mixed = configure("{\"video\":{\"type\":\"stream\",\"url\":\"rtmp://media.local/live/k\"},"
                + "\"audio\":{\"type\":\"webrtc\"}}");
        assertThat(mixed.path("ingest").has("video")).isFalse();
        assertThat(mixed.path("ingest").path("audio").path("protocol").asText()).isEqualTo("webrtc");
        assertThat(mixed.path("video").has("format")).isFalse();

        JsonNode pulledOnly = configure("{\"video\":{\"type\":\"file\",\"url\":\"" + fileUrl("clip.mp4") + "\"},"
                + "\"audio\":{\"type\":\"stream\",\"url\":\"http://radio.local/live.mp3\"}}");
        assertThat(pulledOnly.has("ingest")).isFalse();
        assertThat(pulledOnly.path("audio").has("format")).isFalse();
        assertThat(pulledOnly.path("audio").path("destination").asText()).isEqualTo("microphone");
    }

    @Test
    void configureWhileRunningReplacesTheSession() throws InterruptedException {
        JsonNode first = configure("{\"video\":{\"type\":\"socket\"},\"audio\":{\"type\":\"webrtc\"}}");
        Thread.sleep(20); // started_at has millisecond precision

        JsonNode second = configure("{\"audio\":{\"type\":\"webrtc\",\"destination\":\"speaker\"}}");

        JsonNode status = api.get(STATUS).json();
        assertThat(withoutStats(status)).isEqualTo(withoutStats(second));
        assertThat(status.has("video")).isFalse();
        assertThat(status.path("ingest").has("video")).isFalse();
        assertThat(status.path("stats").has("video")).isFalse();
        assertThat(status.path("audio").path("type").asText()).isEqualTo("webrtc");
        assertThat(status.path("audio_sink").asText()).isEqualTo("audio_output");
        assertThat(Instant.parse(status.path("started_at").asText()))
                .isAfter(Instant.parse(first.path("started_at").asText()));
    }

    // ---- audio-only sessions elsewhere in the API --------------------------------------------------------------------

    @Test
    void feedInfoIs409WithoutVideo() {
        configure("{\"audio\":{\"type\":\"webrtc\"}}");

        ApiClient.Response info = api.get("/input/devices/virtual/feed/socket/info");

        assertThat(info.status()).isEqualTo(409);
        assertThat(info.message()).contains("No video is configured");
    }

    @Test
    void theVideoSocketRefusesPublishersWith409WhenOnlyAudioIsConfigured() {
        configure("{\"audio\":{\"type\":\"webrtc\"}}");

        WsClient.Refusal refusal = WsClient.refused(httpServer.port(), VirtualInputsStatus.VIDEO_SOCKET_PATH);

        assertThat(refusal.status()).isEqualTo(409);
        assertThat(new ApiClient.Response(409, refusal.body(), "").message()).contains("Video is not configured as socket");
    }

    @Test
    void theAudioSocketRefusesPublishersWith409WhenAudioIsWebrtc() {
        configure("{\"audio\":{\"type\":\"webrtc\"}}");

        WsClient.Refusal refusal = WsClient.refused(httpServer.port(), AUDIO_SOCKET);

        assertThat(refusal.status()).isEqualTo(409);
    }

    private static JsonNode withoutStats(JsonNode status) {
        ObjectNode copy = status.deepCopy();
        copy.remove("stats");
        return copy;
    }

    private static String fileUrl(String name) {
        return FileUrls.of(MEDIA.resolve(name));
    }
}
