package io.mediagateway.source;

import static io.mediagateway.support.FeedViewerClient.BLACK;
import static io.mediagateway.support.FeedViewerClient.BLUE;
import static io.mediagateway.support.FeedViewerClient.RED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.MediaHttpServer;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * A {@code stream} source over HTTP (an MPEG-TS made in the test, served by a local server): its pictures play on the
 * feed; when the server goes away the camera goes black and {@code last_error} says why; when it is back (now serving
 * another colour) the stream is live again, without any request.
 */
class SourceStreamReconnectTest extends GatewayTestSupport {

    @Test
    void httpStreamPlaysGoesBlackWhenTheServerStopsAndComesBackLive() throws Exception {
        byte[] red = Files.readAllBytes(TestMedia.colourFile("ts", "red", 320, 240, 30, 3, 0));
        byte[] blue = Files.readAllBytes(TestMedia.colourFile("ts", "blue", 320, 240, 30, 3, 0));
        try (MediaHttpServer server = MediaHttpServer.start().serve("/live.ts", red, "video/mp2t");
                FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH)) {
            JsonNode configured = api.post(CONFIGURE, "{\"video\":{\"type\":\"stream\",\"url\":\"" + server.url("/live.ts")
                    + "\",\"width\":320,\"height\":240,\"frame_rate\":30}}").json();
            assertThat(configured.path("state").asText()).isEqualTo("running");
            assertThat(configured.path("video").has("loop")).as("loop is a file option").isFalse();

            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("last %s, status %s", viewer.last(),
                    api.get(STATUS).body()).isTrue();
            assertThat(viewer.last().width()).isEqualTo(320);
            assertThat(Waits.until(Duration.ofSeconds(10), () -> api.get(STATUS).json().path("stats").path("video")
                    .path("fps_in").asDouble() > 0)).as("status %s", api.get(STATUS).body()).isTrue();

            server.stop();
            assertThat(viewer.awaitColour(BLACK, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
            assertThat(Waits.until(Duration.ofSeconds(20), () -> api.get(STATUS).json().path("last_error").asText()
                    .contains("cannot be opened"))).as("status %s", api.get(STATUS).body()).isTrue();
            JsonNode down = api.get(STATUS).json();
            assertThat(down.path("last_error").asText()).contains(server.url("/live.ts")).contains("Connection refused");
            assertThat(down.path("stats").path("video").path("reconnects").asLong()).isPositive();
            assertThat(Waits.until(Duration.ofSeconds(10), () -> api.get(STATUS).json().path("stats").path("video")
                    .path("fps_in").asDouble() == 0)).as("no pictures, no rate: status %s", api.get(STATUS).body()).isTrue();

            server.serve("/live.ts", blue, "video/mp2t").restart();
            assertThat(viewer.awaitColour(BLUE, Duration.ofSeconds(30))).as("last %s, status %s", viewer.last(),
                    api.get(STATUS).body()).isTrue();
            // the 3 s stream ends and is reopened over and over (an error, "reconnecting", "opening" each time): one
            // status that says playing with no error
            assertThat(Waits.until(Duration.ofSeconds(20), () -> {
                JsonNode status = api.get(STATUS).json();
                return !status.has("last_error")
                        && status.path("stats").path("video").path("source_state").asText().equals("playing");
            })).as("status %s", api.get(STATUS).body()).isTrue();
        }
    }
}
