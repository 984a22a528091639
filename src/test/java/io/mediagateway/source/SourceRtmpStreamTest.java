package io.mediagateway.source;

import static io.mediagateway.support.FeedViewerClient.BLACK;
import static io.mediagateway.support.FeedViewerClient.BLUE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.rtmp.FfmpegRtmp;
import io.mediagateway.rtmp.RtmpServer;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An RTMP {@code stream} source: ffmpeg publishes a live H.264 + AAC stream to the gateway's embedded RTMP server
 * (loopback may publish), and the same gateway plays it from its rtmp:// URL into the camera; when the publisher stops,
 * the camera goes black and {@code last_error} says why.
 */
class SourceRtmpStreamTest extends GatewayTestSupport {

    @Autowired
    RtmpServer rtmp;

    @Test
    void liveRtmpStreamPlaysOnTheFeedAndGoesBlackWhenThePublisherStops() throws Exception {
        String url = "rtmp://127.0.0.1:" + rtmp.port() + "/live/source-" + ProcessHandle.current().pid();
        Path log = Files.createDirectories(Path.of("target/source-tests")).resolve("rtmp-publisher.log");
        Process publisher = FfmpegRtmp.publish(url, "blue", 440, 25, log);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH)) {
            api.post(CONFIGURE, "{\"video\":{\"type\":\"stream\",\"url\":\"" + url + "\",\"width\":320,\"height\":240}}");

            assertThat(viewer.awaitColour(BLUE, Duration.ofSeconds(30))).as("last %s, status %s, publisher log %s",
                    viewer.last(), api.get(STATUS).body(), Files.exists(log) ? Files.readString(log) : "").isTrue();
            assertThat(api.get(STATUS).json().path("stats").path("video").path("format").asText()).isEqualTo("flv");

            publisher.destroy();
            publisher.waitFor(10, TimeUnit.SECONDS);
            assertThat(viewer.awaitColour(BLACK, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();
            assertThat(Waits.until(Duration.ofSeconds(20), () -> api.get(STATUS).json().has("last_error")))
                    .as("status %s", api.get(STATUS).body()).isTrue();
            assertThat(api.get(STATUS).json().path("last_error").asText()).contains(url);
        } finally {
            publisher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
