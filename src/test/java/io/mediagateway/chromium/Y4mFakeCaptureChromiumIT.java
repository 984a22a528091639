package io.mediagateway.chromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Virtual-file compatibility with Chromium itself (src/test/browser/y4m-fake-capture.mjs): the gateway writes its
 * camera output to {@code gateway.video.y4m-file}; headless Chromium started with
 * {@code --use-file-for-fake-video-capture=<that file>} gives a page a getUserMedia track showing the pushed colour.
 * Then the push turns blue, and the test records what Chromium's track shows from then on.
 */
@TestPropertySource(properties = "gateway.video.y4m-file=target/chromium-it/y4m/camera.y4m")
class Y4mFakeCaptureChromiumIT extends GatewayTestSupport {

    private static final Path FILE = Path.of("target/chromium-it/y4m/camera.y4m").toAbsolutePath();
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final int FRAME_BYTES = 6 + 320 * 240 * 3 / 2;

    @Test
    void chromiumsFakeCaptureShowsTheCameraFile() throws Exception {
        ChromiumScenario.requireChromiumAndNode();
        int port = httpServer.port();
        Files.deleteIfExists(FILE);
        Files.deleteIfExists(FILE.resolveSibling("camera.y4m.1"));
        JsonNode status = api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}")
                .json();
        assertThat(status.path("video_file").asText()).isEqualTo(FILE.toString());

        VideoPusher red = VideoPusher.start(port, TestMedia.mpeg1Ts(Colours.ffmpeg(Colours.RED), 320, 240, 30, 4), 4);
        VideoPusher blue = null;
        try {
            // a second of camera output in the file before Chromium opens it
            assertThat(Waits.until(Duration.ofSeconds(30), () -> size(FILE) > 30L * FRAME_BYTES)).as("frames in %s", FILE)
                    .isTrue();
            try (ChromiumScenario chromium = ChromiumScenario.start("y4m-fake-capture.mjs", "--port=" + port,
                    "--file=" + FILE, "--first=" + Colours.hex(Colours.RED), "--second=" + Colours.hex(Colours.BLUE),
                    "--timeout-ms=30000", "--watch-ms=15000")) {
                JsonNode ready = chromium.await(LIMIT, "ready");
                long fileAtOpen = size(FILE);
                chromium.await(LIMIT, "colour", "result");
                red.close();
                blue = VideoPusher.start(port, TestMedia.mpeg1Ts(Colours.ffmpeg(Colours.BLUE), 320, 240, 30, 4), 4);
                long blueStarted = blue.startedAtMillis();
                JsonNode result = chromium.await(LIMIT, "result");
                String all = ready + "\n" + result;
                System.out.printf("y4m fake capture: file %d frames when Chromium opened it; runs after red: %s; "
                        + "blue after %s ms; frames in the last second %d; file now %d bytes (Chromium %s)%n",
                        (fileAtOpen - 50) / FRAME_BYTES, runs(result, blueStarted),
                        result.path("secondSeen").asBoolean() ? result.path("secondSeenAt").asLong() - blueStarted : "never",
                        result.path("framesInLastSecond").asInt(), size(FILE), result.path("browserVersion").asText());

                assertThat(result.path("colourSeen").asBoolean()).as("red in Chromium's track: %s", all).isTrue();
                assertThat(Colours.near(result.at("/colour/rgb"), Colours.RED)).as(all).isTrue();
                assertThat(result.at("/colour/width").asInt()).isEqualTo(320);
                assertThat(result.at("/colour/height").asInt()).isEqualTo(240);
                chromium.awaitExit(Duration.ofSeconds(30));
            }
        } finally {
            red.close();
            if (blue != null) {
                blue.close();
            }
        }
    }

    private static String runs(JsonNode result, long since) {
        StringBuilder out = new StringBuilder();
        for (JsonNode run : result.path("runs")) {
            out.append(run.path("colour").asText()).append('@').append(run.path("from").asLong() - since).append("ms ");
        }
        return out.toString().trim();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
