package io.mediagateway.chromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Virtual-file compatibility with Chromium itself (src/test/browser/y4m-fake-capture.mjs): the gateway writes its
 * camera output to {@code gateway.video.y4m-file}; headless Chromium started with
 * {@code --use-file-for-fake-video-capture=<that file>} gives a page a getUserMedia track showing the pushed red; when
 * the push turns blue the track turns blue too (Chromium follows the growing file, as late as the file was long when
 * it opened it). Once the gateway rotates the file, the open track keeps the file it opened (now {@code <file>.1}) and
 * loops it: the green pushed after the rotation never comes, red comes back; a new getUserMedia track shows green.
 * The rotation here comes from a new frame rate (the same rename as at {@code y4m-max-bytes}, whose default, about
 * 2.5 min of 320×240 at 30 fps, is not reached): waiting for the size would race Chromium's start-up.
 */
@TestPropertySource(properties = "gateway.video.y4m-file=target/chromium-it/y4m/camera.y4m")
class Y4mFakeCaptureChromiumIT extends GatewayTestSupport {

    private static final Path FILE = Path.of("target/chromium-it/y4m/camera.y4m").toAbsolutePath();
    private static final Path ROTATED = FILE.resolveSibling("camera.y4m.1");
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final int FRAME_BYTES = 6 + 320 * 240 * 3 / 2;

    @Test
    void chromiumsFakeCaptureFollowsTheCameraFileUntilItRotates() throws Exception {
        ChromiumScenario.requireChromiumAndNode();
        int port = httpServer.port();
        Files.deleteIfExists(FILE);
        Files.deleteIfExists(ROTATED);
        JsonNode status = api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}")
                .json();
        assertThat(status.path("video_file").asText()).isEqualTo(FILE.toString());

        VideoPusher pusher = push(port, Colours.RED);
        try {
            // a second of camera output in the file before Chromium opens it
            assertThat(Waits.until(Duration.ofSeconds(30), () -> size(FILE) > 30L * FRAME_BYTES)).as("frames in %s", FILE)
                    .isTrue();
            try (ChromiumScenario chromium = ChromiumScenario.start("y4m-fake-capture.mjs", "--port=" + port,
                    "--file=" + FILE, "--colours=" + Colours.hex(Colours.RED) + "," + Colours.hex(Colours.BLUE) + ","
                            + Colours.hex(Colours.GREEN), "--timeout-ms=60000", "--watch-ms=5000")) {
                JsonNode ready = chromium.await(LIMIT, "ready");
                long framesAtOpen = (size(FILE) - 50) / FRAME_BYTES;
                assertThat(ready.at("/opened/playing").asBoolean()).as("%s", ready).isTrue();
                assertThat(ready.at("/opened/settings/width").asInt()).as("%s", ready).isEqualTo(320);
                assertThat(ready.at("/opened/settings/height").asInt()).as("%s", ready).isEqualTo(240);

                chromium.await(LIMIT, "seen", "result"); // red
                pusher.close();
                pusher = push(port, Colours.BLUE);
                long blueStarted = pusher.startedAtMillis();
                chromium.await(LIMIT, "seen", "result"); // blue
                assertThat(Files.exists(ROTATED)).as("rotated before the new rate").isFalse();
                pusher.close();
                api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":25}}");
                pusher = push(port, Colours.GREEN);
                assertThat(Waits.until(Duration.ofSeconds(30), () -> Files.exists(ROTATED))).as("rotated at the new rate")
                        .isTrue();
                long greenStarted = pusher.startedAtMillis();
                JsonNode result = chromium.await(LIMIT, "result");
                String all = ready + "\n" + result;
                System.out.printf("y4m fake capture (Chromium %s): the file had %d frames when getUserMedia opened it; "
                        + "push blue -> blue in the track %d ms; after the rotation (at 0 ms) the open track showed %s; "
                        + "a new getUserMedia %d ms after the green push: green %d ms after it (%s)%n",
                        result.path("browserVersion").asText(), framesAtOpen, result.at("/seen/1/at").asLong() - blueStarted,
                        runs(result.at("/afterRotation/runs"), result.path("rotatedAt").asLong()),
                        result.at("/reopened/at").asLong() - greenStarted,
                        result.at("/reopened/seen/at").asLong() - result.at("/reopened/at").asLong(),
                        runs(result.at("/reopened/runs"), result.at("/reopened/at").asLong()));

                // the pushed colours, in a track the size of the camera
                assertThat(result.at("/seen/0/kind").asText()).as("red in Chromium's track: %s", all).isEqualTo("0");
                assertThat(Colours.near(result.at("/seen/0/rgb"), Colours.RED)).as(all).isTrue();
                assertThat(result.at("/seen/0/width").asInt()).isEqualTo(320);
                assertThat(result.at("/seen/0/height").asInt()).isEqualTo(240);
                assertThat(result.at("/seen/1/kind").asText()).as("blue in the same track: %s", all).isEqualTo("1");
                assertThat(Colours.near(result.at("/seen/1/rgb"), Colours.BLUE)).as(all).isTrue();
                // after the rotation: the open track still plays (no crash, no truncated read), loops the old file
                JsonNode afterRotation = result.path("afterRotation");
                assertThat(afterRotation.path("framesInLastSecond").asInt()).as("frames after the rotation: %s", all)
                        .isGreaterThanOrEqualTo(10);
                assertThat(afterRotation.at("/end/readyState").asText()).isEqualTo("live");
                assertThat(coloursSince(afterRotation.path("runs"), result.path("rotatedAt").asLong())).as("the open track after the rotation: %s", all)
                        .doesNotContain("2").contains("0");
                // a new track opens the new file
                assertThat(result.at("/reopened/seen/kind").asText()).as("green in a new track: %s", all).isEqualTo("2");
                assertThat(Colours.near(result.at("/reopened/seen/rgb"), Colours.GREEN)).as(all).isTrue();
                assertThat(result.at("/reopened/track/settings/frameRate").asDouble()).as("the new file's rate").isEqualTo(25.0);
                chromium.awaitExit(Duration.ofSeconds(30)); // it closes Chromium and removes its profile
            }
        } finally {
            pusher.close();
        }
    }

    private static VideoPusher push(int port, int[] colour) throws InterruptedException {
        return VideoPusher.start(port, TestMedia.mpeg1Ts(Colours.ffmpeg(colour), 320, 240, 30, 4), 4);
    }

    /** The colours of the runs that started at or after {@code since}. */
    private static List<String> coloursSince(JsonNode runs, long since) {
        List<String> out = new ArrayList<>();
        runs.forEach(run -> {
            if (run.path("from").asLong() >= since) {
                out.add(run.path("colour").asText());
            }
        });
        return out;
    }

    /** Runs as colour@ms since {@code since} (the scenario's colours 0/1/2 are red/blue/green). */
    private static String runs(JsonNode runs, long since) {
        List<String> names = List.of("red", "blue", "green");
        StringBuilder out = new StringBuilder();
        for (JsonNode run : runs) {
            String colour = run.path("colour").asText();
            out.append(colour.matches("[012]") ? names.get(Integer.parseInt(colour)) : colour).append('@').append(run.path("from").asLong() - since).append("ms ");
        }
        return out.toString().trim();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
