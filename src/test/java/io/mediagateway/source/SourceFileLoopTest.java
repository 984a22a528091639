package io.mediagateway.source;

import static io.mediagateway.support.FeedViewerClient.BLACK;
import static io.mediagateway.support.FeedViewerClient.GREEN;
import static io.mediagateway.support.FeedViewerClient.RED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code file} source under the file root (target/test-media in tests) plays at real-time pace and loops; with
 * {@code loop: false} it plays once and the camera goes black; names that leave the root are refused with 400.
 */
class SourceFileLoopTest extends GatewayTestSupport {

    @TempDir
    Path outside;

    @Test
    void fileLoopsAtRealTimePace() throws Exception {
        Path clip = TestMedia.colourFile("mp4", "red", 320, 240, 30, 1, 0);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH)) {
            JsonNode configured = api.post(CONFIGURE, "{\"video\":{\"type\":\"file\",\"url\":\"" + clip.toUri()
                    + "\",\"width\":320,\"height\":240}}").json();
            assertThat(configured.path("video").path("loop").asBoolean()).as("loop defaults to true").isTrue();

            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
            long started = System.nanoTime();
            JsonNode before = stats();
            long loops0 = before.path("loops").asLong();
            long frames0 = before.path("frames_decoded").asLong();
            // three loop starts after the reading enclose two whole loops of the clip
            assertThat(Waits.until(Duration.ofSeconds(30), () -> stats().path("loops").asLong() >= loops0 + 3))
                    .as("stats %s", stats()).isTrue();
            double seconds = (System.nanoTime() - started) / 1e9;
            // at a loop's start the source is "opening" for a moment: read the stats while it plays
            assertThat(Waits.until(Duration.ofSeconds(10), () -> stats().path("source_state").asText().equals("playing")))
                    .as("stats %s", stats()).isTrue();
            JsonNode stats = stats();
            assertThat(stats.path("frames_decoded").asLong() - frames0).as("two whole loops of 30 pictures decoded")
                    .isGreaterThanOrEqualTo(60);
            assertThat(stats.path("late_frames_dropped").asLong()).as("each picture shown, none late").isZero();
            // a lower bound only (load can only lengthen the span): two loops of a 1 s clip at real-time pace cannot
            // take less than about two seconds, where a grabber that does not pace would take milliseconds
            assertThat(seconds).as("two loops of a 1 s clip").isGreaterThan(1.8);
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(10))).as("still red after looping").isTrue();
            assertThat(viewer.between(started, System.nanoTime())).as("no black between loops").isNotEmpty()
                    .noneMatch(p -> p.looks(BLACK, 12));
            assertThat(stats.path("source_state").asText()).isEqualTo("playing");
            assertThat(stats.path("video_codec").asText()).isEqualTo("h264");
            assertThat(stats.path("source_size").asText()).isEqualTo("320x240");
            assertThat(api.get(STATUS).json().has("last_error")).isFalse();
        }
    }

    @Test
    void withoutLoopTheFilePlaysOnceThenTheCameraIsBlack() throws Exception {
        Path clip = TestMedia.colourFile("mp4", "lime", 320, 240, 30, 1, 0);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH)) {
            api.post(CONFIGURE, "{\"video\":{\"type\":\"file\",\"url\":\"" + clip.toUri() + "\",\"loop\":false,"
                    + "\"width\":320,\"height\":240}}");

            assertThat(viewer.awaitColour(GREEN, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
            assertThat(viewer.awaitColour(BLACK, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
            assertThat(Waits.until(Duration.ofSeconds(10), () -> stats().path("source_state").asText().equals("ended")))
                    .as("stats %s", stats()).isTrue();
            assertThat(stats().path("loops").asLong()).isZero();
        }
    }

    @Test
    void pathTraversalOutOfTheFileRootIsRefused() {
        Path root = Path.of("target/test-media").toAbsolutePath();

        ApiClient.Response response = api.post(CONFIGURE, "{\"video\":{\"type\":\"file\",\"url\":\"file://" + root
                + "/generated/../../../pom.xml\"}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).contains("video.url").contains("'..' segments");
        assertThat(api.get(STATUS).json().path("state").asText()).as("nothing changed").isEqualTo("idle");
    }

    @Test
    void symlinkEscapingTheFileRootIsRefused() throws IOException {
        Path secret = outside.resolve("secret.mp4");
        Files.copy(TestMedia.colourFile("mp4", "red", 320, 240, 30, 1, 0), secret);
        Path link = Path.of("target/test-media/escape-" + ProcessHandle.current().pid() + ".mp4").toAbsolutePath();
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, secret);
        try {
            ApiClient.Response response = api.post(CONFIGURE, "{\"audio\":{\"type\":\"file\",\"url\":\"" + link.toUri()
                    + "\"}}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.message()).contains("audio.url").contains("symbolic link");
        } finally {
            Files.deleteIfExists(link);
        }
    }

    private JsonNode stats() {
        return api.get(STATUS).json().path("stats").path("video");
    }
}
