package io.mediagateway.virtualinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.FileUrls;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * POST /input/devices/virtual/configure, row by row through SPEC's table: what is accepted (and echoed with defaults
 * filled) and what is refused with a 400 naming the field. Every refusal also checks that the status did not move.
 */
class ConfigureEndpointTest extends GatewayTestSupport {

    /** gateway.sources.file-root in {@code @GatewayTest}; this class keeps its files in its own folder there. */
    private static final Path FILE_ROOT = Path.of("target/test-media").toAbsolutePath();
    private static final Path MEDIA = FILE_ROOT.resolve("configure-endpoint-test");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outsideRoot;

    @BeforeEach
    void createMediaFiles() throws IOException {
        Files.createDirectories(MEDIA);
        Files.writeString(MEDIA.resolve("clip.mp4"), "not really a video");
        Files.writeString(outsideRoot.resolve("secret.mp4"), "must stay unreachable");
        Path escape = MEDIA.resolve("escape.mp4");
        Files.deleteIfExists(escape);
        Files.createSymbolicLink(escape, outsideRoot.resolve("secret.mp4"));
    }

    // ---- type -------------------------------------------------------------------------------------------------

    // Audio of every type plays into PulseAudio, which @GatewayTest deliberately lacks: here it is refused with 503
    // (io.mediagateway.audio.AudioWithoutPulseAudioTest), so this class checks the video side of what is accepted and
    // ConfigureAudioIT (webrtc, stream, file) and io.mediagateway.audio.AudioSocketConfigureIT (socket) accept audio
    // against a real PulseAudio. Refusals (400) come before that check and stay here for both kinds.

    @ParameterizedTest(name = "video type {0}")
    @ValueSource(strings = {"socket", "webrtc"})
    void pushedTypesAreAcceptedForVideo(String type) {
        JsonNode status = configureOk("{\"video\":{\"type\":\"" + type + "\"}}");

        assertThat(status.path("state").asText()).isEqualTo("running");
        assertThat(status.path("video").path("type").asText()).isEqualTo(type);
        assertThat(status.path("ingest").path("video").path("protocol").asText()).isEqualTo(type);
    }

    @Test
    void streamTypeIsAcceptedWithANetworkUrl() {
        JsonNode status = configureOk("{\"video\":{\"type\":\"stream\",\"url\":\"rtsp://camera.local:554/s1\"}}");

        assertThat(status.path("video").path("type").asText()).isEqualTo("stream");
        assertThat(status.path("video").path("url").asText()).isEqualTo("rtsp://camera.local:554/s1");
    }

    @Test
    void fileTypeIsAcceptedWithAFileUnderTheRoot() throws IOException {
        JsonNode status = configureOk("{\"video\":{\"type\":\"file\",\"url\":\"" + fileUrl("clip.mp4") + "\"}}");

        assertThat(status.path("video").path("type").asText()).isEqualTo("file");
        assertThat(status.path("video").path("url").asText()).isEqualTo(FileUrls.real(MEDIA.resolve("clip.mp4")));
    }

    @ParameterizedTest(name = "\"{0}\" reads as {1}")
    @CsvSource({"SOCKET, socket", "Socket, socket", "WebRTC, webrtc", "' socket ', socket"})
    void typeIsCaseInsensitiveAndEchoedInLowerCase(String sent, String echoed) {
        JsonNode status = configureOk("{\"video\":{\"type\":\"" + sent + "\"}}");

        assertThat(status.path("video").path("type").asText()).isEqualTo(echoed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"video\":{}}                         | video.type",
            "{\"video\":{\"width\":640}}            | video.type",
            "{\"audio\":{\"format\":\"mp3\"}}       | audio.type",
            "{\"video\":{\"type\":null}}            | video.type",
    })
    void missingTypeIsRefused(String body, String field) {
        assertRefused(body, "Field '" + field + "' is required", "socket, webrtc, stream, file");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"video\":{\"type\":\"camera\"}}   | video.type | got 'camera'",
            "{\"audio\":{\"type\":\"pulse\"}}    | audio.type | got 'pulse'",
            "{\"video\":{\"type\":\"\"}}         | video.type | got ''",
    })
    void unknownTypeIsRefusedListingTheChoices(String body, String field, String got) {
        assertRefused(body, "Field '" + field + "' must be one of socket, webrtc, stream, file", got);
    }

    // ---- video.format / audio.format ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"video\":{\"type\":\"socket\"}}                          | video | mpegts",
            "{\"video\":{\"type\":\"socket\",\"format\":\"mpegts\"}}    | video | mpegts",
            "{\"video\":{\"type\":\"socket\",\"format\":\"MPEGTS\"}}    | video | mpegts",
            "{\"video\":{\"type\":\"webrtc\"}}                          | video | ivf",
            "{\"video\":{\"type\":\"webrtc\",\"format\":\"ivf\"}}       | video | ivf",
    })
    void formatIsDefaultedOrAcceptedAndEchoedInTheInputAndItsIngest(String body, String kind, String format) {
        JsonNode status = configureOk(body);

        assertThat(status.path(kind).path("format").asText()).isEqualTo(format);
        assertThat(status.path("ingest").path(kind).path("format").asText()).isEqualTo(format);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"video\":{\"type\":\"socket\",\"format\":\"h264\"}}   | video.format | 'mpegts'",
            "{\"video\":{\"type\":\"socket\",\"format\":\"ivf\"}}    | video.format | 'mpegts'",
            "{\"video\":{\"type\":\"webrtc\",\"format\":\"mpegts\"}} | video.format | 'ivf'",
            "{\"video\":{\"type\":\"socket\",\"format\":\"\"}}       | video.format | 'mpegts'",
            "{\"audio\":{\"type\":\"socket\",\"format\":\"opus\"}}   | audio.format | 'mp3'",
            "{\"audio\":{\"type\":\"socket\",\"format\":\"wav\"}}    | audio.format | 'mp3'",
            "{\"audio\":{\"type\":\"webrtc\",\"format\":\"mp3\"}}    | audio.format | 'ogg' or 'opus'",
    })
    void wrongFormatIsRefusedNamingTheAcceptedOnes(String body, String field, String accepted) {
        assertRefused(body, "Field '" + field + "' must be " + accepted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"video\":{\"type\":\"stream\",\"url\":\"rtmp://h/live/k\",\"format\":\"mpegts\"}} | video.format",
            "{\"video\":{\"type\":\"file\",\"url\":\"FILE_URL\",\"format\":\"mpegts\"}}         | video.format",
            "{\"audio\":{\"type\":\"stream\",\"url\":\"http://h/a.mp3\",\"format\":\"mp3\"}}     | audio.format",
            "{\"audio\":{\"type\":\"file\",\"url\":\"FILE_URL\",\"format\":\"mp3\"}}            | audio.format",
    })
    void formatOnStreamOrFileSourcesIsRefused(String body, String field) {
        assertRefused(body.replace("FILE_URL", fileUrl("clip.mp4")),
                "Field '" + field + "' applies to socket and webrtc inputs only", "Remove it");
    }

    // ---- url -----------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"video\":{\"type\":\"stream\"}}   | video.url",
            "{\"video\":{\"type\":\"file\"}}     | video.url",
            "{\"audio\":{\"type\":\"stream\"}}   | audio.url",
            "{\"audio\":{\"type\":\"file\"}}     | audio.url",
    })
    void urlIsRequiredForStreamAndFile(String body, String field) {
        assertRefused(body, "Field '" + field + "' is required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"video\":{\"type\":\"socket\",\"url\":\"rtmp://h/live/k\"}} | video.url",
            "{\"video\":{\"type\":\"webrtc\",\"url\":\"rtmp://h/live/k\"}} | video.url",
            "{\"audio\":{\"type\":\"socket\",\"url\":\"http://h/a.mp3\"}}  | audio.url",
            "{\"audio\":{\"type\":\"webrtc\",\"url\":\"http://h/a.mp3\"}}  | audio.url",
    })
    void urlIsForbiddenForSocketAndWebrtc(String body, String field) {
        assertRefused(body, "Field '" + field + "' is not allowed for", "Remove it");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "http://media.local/live/index.m3u8",
            "https://media.local:8443/live.ts",
            "rtmp://media.local:1935/live/key",
            "rtmps://media.local:443/live/key",
            "rtsp://camera.local:554/stream1",
            "srt://media.local:9000?mode=caller",
    })
    void allowedSchemesAreAcceptedForStreamAndEchoedAsSent(String url) {
        JsonNode status = configureOk("{\"video\":{\"type\":\"stream\",\"url\":\"" + url + "\"}}");

        assertThat(status.path("video").path("url").asText()).isEqualTo(url);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "ftp://media.local/clip.mp4      | 'ftp:'",
            "javascript:alert(1)             | scheme 'javascript', which is not allowed",
            "concat:/etc/passwd              | pseudo-protocol",
            "hls+http://media.local/x.m3u8   | nested protocol",
            "media.local/live                | must be an absolute URL",
            "http:///no-host                 | has no host",
    })
    void disallowedStreamUrlsAreRefused(String url, String why) {
        assertRefused("{\"video\":{\"type\":\"stream\",\"url\":\"" + url + "\"}}", "Field 'video.url'", why);
    }

    @Test
    void fileUrlIsEchoedAsTheRealPathOfTheFile() throws IOException {
        JsonNode status = configureOk("{\"video\":{\"type\":\"file\",\"url\":\"file://localhost" + MEDIA
                + "/clip.mp4\"}}");

        assertThat(status.path("video").path("url").asText()).isEqualTo(FileUrls.real(MEDIA.resolve("clip.mp4")));
    }

    @Test
    void fileUrlIsAcceptedForAStreamSourceToo() throws IOException {
        JsonNode status = configureOk("{\"video\":{\"type\":\"stream\",\"url\":\"" + fileUrl("clip.mp4") + "\"}}");

        assertThat(status.path("video").path("url").asText()).isEqualTo(FileUrls.real(MEDIA.resolve("clip.mp4")));
    }

    @Test
    void fileOutsideTheRootIsRefused() {
        assertRefused(fileVideo("file://" + outsideRoot.resolve("secret.mp4")), "Field 'video.url'",
                "outside the file root");
    }

    @Test
    void dotDotTraversalIsRefused() {
        // both would reach /work/main/pom.xml (or wherever the project is) if '..' were followed
        assertRefused(fileVideo("file://" + MEDIA + "/../../../pom.xml"), "Field 'video.url'", "'..' segments");
        assertRefused(fileVideo("file://" + MEDIA + "/%2e%2e/%2e%2e/%2e%2e/pom.xml"), "Field 'video.url'",
                "'..' segments");
    }

    @Test
    void symlinkInsideTheRootPointingOutsideIsRefused() {
        assertRefused(fileVideo(fileUrl("escape.mp4")), "Field 'video.url'", "symbolic link", "outside the file root");
    }

    @Test
    void missingFileUnderTheRootIsRefused() {
        assertRefused(fileVideo(fileUrl("missing.mp4")), "Field 'video.url'", "names no readable file");
    }

    // ---- width / height / frame_rate ------------------------------------------------------------------------

    @Test
    void videoDefaultsTo1280x720At30() {
        JsonNode video = configureOk("{\"video\":{\"type\":\"socket\"}}").path("video");

        assertThat(video.path("width").asInt()).isEqualTo(1280);
        assertThat(video.path("height").asInt()).isEqualTo(720);
        assertThat(video.path("frame_rate").asInt()).isEqualTo(30);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"16, 16", "3840, 2160", "640, 480", "1920, 1080", "3840, 16", "16, 2160"})
    void evenSizesWithinBoundsAreAccepted(int width, int height) {
        JsonNode video = configureOk("{\"video\":{\"type\":\"socket\",\"width\":" + width + ",\"height\":" + height
                + "}}").path("video");

        assertThat(video.path("width").asInt()).isEqualTo(width);
        assertThat(video.path("height").asInt()).isEqualTo(height);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "width, 1281, 3840", "width, 641, 3840", "width, 14, 3840", "width, 3842, 3840", "width, 0, 3840",
            "width, -2, 3840", "width, 4096, 3840",
            "height, 721, 2160", "height, 15, 2160", "height, 14, 2160", "height, 2162, 2160", "height, 0, 2160",
            "height, -720, 2160",
    })
    void oddOrOutOfRangeSizesAreRefused(String field, int value, int max) {
        assertRefused("{\"video\":{\"type\":\"socket\",\"" + field + "\":" + value + "}}",
                "Field 'video." + field + "' must be an even integer between 16 and " + max, "got " + value);
    }

    @ParameterizedTest(name = "frame_rate {0}")
    @ValueSource(ints = {1, 25, 30, 60})
    void frameRatesFrom1To60AreAccepted(int fps) {
        JsonNode video = configureOk("{\"video\":{\"type\":\"socket\",\"frame_rate\":" + fps + "}}").path("video");

        assertThat(video.path("frame_rate").asInt()).isEqualTo(fps);
    }

    @ParameterizedTest(name = "frame_rate {0}")
    @ValueSource(ints = {0, 61, -1, 120})
    void frameRatesOutside1To60AreRefused(int fps) {
        assertRefused("{\"video\":{\"type\":\"socket\",\"frame_rate\":" + fps + "}}",
                "Field 'video.frame_rate' must be an integer between 1 and 60", "got " + fps);
    }

    // ---- audio.destination (accepted values: ConfigureAudioIT) --------------------------------------------------

    @ParameterizedTest(name = "destination \"{0}\"")
    @ValueSource(strings = {"headphones", "mic", ""})
    void otherDestinationsAreRefused(String destination) {
        assertRefused("{\"audio\":{\"type\":\"socket\",\"destination\":\"" + destination + "\"}}",
                "Field 'audio.destination' must be 'microphone'", "'speaker'", "got '" + destination + "'");
    }

    // ---- start_paused ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"video\":{\"type\":\"socket\"},\"start_paused\":true}  | paused",
            "{\"video\":{\"type\":\"socket\"},\"start_paused\":false} | running",
            "{\"video\":{\"type\":\"socket\"},\"start_paused\":null}  | running",
            "{\"video\":{\"type\":\"socket\"}}                        | running",
    })
    void startPausedChoosesTheInitialState(String body, String state) {
        assertThat(configureOk(body).path("state").asText()).isEqualTo(state);
        assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo(state);
    }

    @ParameterizedTest(name = "start_paused {0}")
    @ValueSource(strings = {"\"yes\"", "\"true\"", "1", "{}"})
    void startPausedMustBeABoolean(String value) {
        assertRefused("{\"video\":{\"type\":\"socket\"},\"start_paused\":" + value + "}",
                "Field 'start_paused' must be true or false");
    }

    // ---- at least one of video/audio ------------------------------------------------------------------------

    @ParameterizedTest(name = "body \"{0}\"")
    @ValueSource(strings = {"{}", "", "  \n ", "{\"video\":null,\"audio\":null}", "{\"start_paused\":true}"})
    void videoOrAudioIsRequired(String body) {
        assertRefused(body, "'video' or 'audio'");
    }

    // ---- the echoed status -----------------------------------------------------------------------------------

    @Test
    void responseEchoesEffectiveValuesWithDefaultsFilled() throws IOException {
        ApiClient.Response response = api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}", "Host", "localhost:444");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);

        JsonNode status = response.json();
        assertThat(status.path("video")).isEqualTo(JSON.readTree("""
                {"type": "socket", "format": "mpegts", "width": 1280, "height": 720, "frame_rate": 30}"""));
        assertThat(status.has("audio")).isFalse();
        assertThat(status.path("ingest")).isEqualTo(JSON.readTree("""
                {"video": {"protocol": "socket", "format": "mpegts",
                           "url": "ws://localhost:444/input/devices/virtual/socket/video"}}"""));
        assertThat(status.path("state").asText()).isEqualTo("running");
        assertThat(status.path("mode").asText()).isEqualTo("virtual-file");
        assertThat(status.path("video_device").asText()).isEqualTo("/nonexistent/video0");
        assertThat(status.path("audio_sink").asText()).isEqualTo("audio_input");
        assertThat(status.path("microphone_source").asText()).isEqualTo("virtual_mic");
        assertThat(status.has("last_error")).isFalse();
    }

    @Test
    void responseIsWhatStatusSaysAfterwards() {
        JsonNode configured = configureOk("{\"video\":{\"type\":\"webrtc\",\"width\":640,\"height\":360,"
                + "\"frame_rate\":15},\"start_paused\":true}");

        // stats are live counters (the camera's clock keeps counting), everything else is the same
        assertThat(withoutStats(api.get(STATUS).json())).isEqualTo(withoutStats(configured));
    }

    private static JsonNode withoutStats(JsonNode status) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = status.deepCopy();
        copy.remove("stats");
        return copy;
    }

    @Test
    void startedAtIsAnRfc3339UtcTimestampOfNow() {
        Instant before = Instant.now().minusSeconds(1);

        String startedAt = configureOk("{\"video\":{\"type\":\"webrtc\"}}").path("started_at").asText();

        assertThat(startedAt).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
        assertThat(Instant.parse(startedAt)).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void streamAndFileSourcesHaveNoIngestEntryNorFormat() {
        // next to pushed audio, and for pulled audio: ConfigureAudioIT
        JsonNode stream = configureOk("{\"video\":{\"type\":\"stream\",\"url\":\"rtmp://media.local/live/k\"}}");
        assertThat(stream.has("ingest")).isFalse();
        assertThat(stream.path("video").has("format")).isFalse();

        JsonNode file = configureOk("{\"video\":{\"type\":\"file\",\"url\":\"" + fileUrl("clip.mp4") + "\"}}");
        assertThat(file.has("ingest")).isFalse();
        assertThat(file.path("video").has("format")).isFalse();
    }

    @Test
    void configureWhileRunningReplacesTheSession() throws InterruptedException {
        // a kind that the new configuration leaves out disappears: ConfigureAudioIT (it needs audio)
        JsonNode first = configureOk("{\"video\":{\"type\":\"socket\"}}");
        Thread.sleep(20); // started_at has millisecond precision

        JsonNode second = configureOk("{\"video\":{\"type\":\"webrtc\",\"width\":640,\"height\":360}}");

        JsonNode status = api.get(STATUS).json();
        assertThat(withoutStats(status)).isEqualTo(withoutStats(second));
        assertThat(status.path("video").path("type").asText()).isEqualTo("webrtc");
        assertThat(status.path("video").path("width").asInt()).isEqualTo(640);
        assertThat(status.path("ingest").path("video").path("protocol").asText()).isEqualTo("webrtc");
        assertThat(Instant.parse(status.path("started_at").asText()))
                .isAfter(Instant.parse(first.path("started_at").asText()));
    }

    @Test
    void configureWhilePausedStartsRunningUnlessAskedToStayPaused() {
        configureOk("{\"video\":{\"type\":\"socket\"},\"start_paused\":true}");

        assertThat(configureOk("{\"video\":{\"type\":\"webrtc\"}}").path("state").asText()).isEqualTo("running");
        assertThat(configureOk("{\"video\":{\"type\":\"webrtc\"},\"start_paused\":true}").path("state").asText())
                .isEqualTo("paused");
    }

    @Test
    void refusedConfigureWhileRunningKeepsTheOldSession() {
        JsonNode running = api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":640,\"height\":480}}").settled();

        ApiClient.Response refused = api.post(CONFIGURE, "{\"audio\":{\"type\":\"socket\"},\"video\":{\"type\":\"socket\","
                + "\"width\":3842}}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(api.get(STATUS).settled()).isEqualTo(running);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Posts a configuration that must be accepted; returns the status it answers with. */
    private JsonNode configureOk(String body) {
        ApiClient.Response response = api.post(CONFIGURE, body);
        assertThat(response.status()).as("POST %s %s -> %s", CONFIGURE, body, response).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return response.json();
    }

    /** Posts a configuration that must be refused with a 400 whose message contains every fragment. */
    private void assertRefused(String body, String... fragments) {
        JsonNode before = api.get(STATUS).settled();

        ApiClient.Response response = api.post(CONFIGURE, body);

        assertThat(response.status()).as("POST %s %s -> %s", CONFIGURE, body, response).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.message()).as(response.toString()).contains(fragments);
        assertThat(api.get(STATUS).settled()).as("status after a refused configure").isEqualTo(before);
    }

    private static String fileVideo(String url) {
        return "{\"video\":{\"type\":\"file\",\"url\":\"" + url + "\"}}";
    }

    private static String fileUrl(String name) {
        return FileUrls.of(MEDIA.resolve(name));
    }
}
