package io.mediagateway.source;

import static io.mediagateway.support.FeedViewerClient.BLACK;
import static io.mediagateway.support.FeedViewerClient.BLUE;
import static io.mediagateway.support.FeedViewerClient.RED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.LiveThreads;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * Pause, resume, reconfigure and stop with stream/file sources: black while paused (what is read is discarded and
 * counted), live again on resume, the new source on reconfigure, and every grabber thread gone after stop, even one
 * stuck on a source that never answers.
 */
class SourceLifecycleTest extends GatewayTestSupport {

    @Test
    void pauseShowsBlackAndResumeShowsTheFileAgain() throws Exception {
        Path red = TestMedia.colourFile("mp4", "red", 320, 240, 30, 1, 0);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH)) {
            api.post(CONFIGURE, "{\"video\":{\"type\":\"file\",\"url\":\"" + red.toUri() + "\",\"width\":320,\"height\":240}}");
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(20))).as("last %s", viewer.last()).isTrue();

            api.post(PAUSE, null);
            assertThat(viewer.awaitColour(BLACK, Duration.ofSeconds(10))).as("last %s", viewer.last()).isTrue();
            assertThat(Waits.until(Duration.ofSeconds(10), () -> api.get(STATUS).json().path("stats").path("video")
                    .path("discarded_while_paused").asLong() > 0)).as("status %s", api.get(STATUS).body()).isTrue();

            api.post(RESUME, null);
            assertThat(viewer.awaitColour(RED, Duration.ofSeconds(10))).as("last %s", viewer.last()).isTrue();
        }
    }

    @Test
    void startPausedStaysBlackUntilResumed() throws Exception {
        Path blue = TestMedia.colourFile("mp4", "blue", 320, 240, 30, 1, 0);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH)) {
            api.post(CONFIGURE, "{\"video\":{\"type\":\"file\",\"url\":\"" + blue.toUri() + "\",\"width\":320,"
                    + "\"height\":240},\"start_paused\":true}");
            assertThat(Waits.until(Duration.ofSeconds(20), () -> api.get(STATUS).json().path("stats").path("video")
                    .path("discarded_while_paused").asLong() > 30)).isTrue();
            // still paused: the viewer (decoding on a busy machine) shows its first pictures
            Waits.until(Duration.ofSeconds(15), () -> !viewer.pictures().isEmpty());
            assertThat(viewer.pictures()).as("black only while paused").isNotEmpty().allMatch(p -> p.looks(BLACK, 12));

            api.post(RESUME, null);
            assertThat(viewer.awaitColour(BLUE, Duration.ofSeconds(10))).as("last %s", viewer.last()).isTrue();
        }
    }

    @Test
    void stopReturnsAndTheGrabberEndsEvenWhenTheSourceNeverAnswers() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            api.post(CONFIGURE, "{\"video\":{\"type\":\"stream\",\"url\":\"http://127.0.0.1:" + silent.getLocalPort()
                    + "/live.ts\"}}");
            assertThat(Waits.until(Duration.ofSeconds(10), () -> !held.isEmpty())).as("the grabber connected").isTrue();

            ApiClient.Response stopped = api.post(STOP, null);

            assertThat(stopped.status()).isEqualTo(200);
            assertThat(stopped.json().path("state").asText()).isEqualTo("idle");
            assertThat(Waits.until(Duration.ofSeconds(15), () -> grabberThreads().isEmpty())).as("%s", grabberThreads())
                    .isTrue();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static List<String> grabberThreads() {
        return LiveThreads.named("source-grabber-");
    }
}
