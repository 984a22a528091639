package io.mediagateway.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.MediaHttpServer;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad stream/file URLs, each with its outcome: refused up front with a 400 naming the field and the reason (schemes,
 * FFmpeg pseudo-protocols, paths out of the root), or accepted and then reported in {@code last_error} while the
 * camera stays black and the gateway keeps serving (unreachable hosts, servers that say no, non-media content). After
 * every case the gateway still plays a good source.
 */
class SourceBadUrlTest extends GatewayTestSupport {

    private static final Path ROOT = Path.of("target/test-media").toAbsolutePath();
    private static MediaHttpServer web;
    private static ServerSocket silent;
    private static final List<Socket> held = new ArrayList<>();
    private static Thread acceptor;

    @BeforeAll
    static void servers() throws IOException {
        web = MediaHttpServer.start()
                .serve("/page.html", "<html><body>not a video</body></html>".getBytes(StandardCharsets.UTF_8), "text/html")
                .serve("/garbage.ts", new byte[64 * 1024], "video/mp2t")
                .serve("/playlist.m3u8", ("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://" + ROOT
                        + "/generated/colour-red-320x240-30-1.0-0.mp4\n#EXT-X-ENDLIST\n").getBytes(StandardCharsets.UTF_8),
                        "application/vnd.apple.mpegurl");
        // accepts connections and never answers: a source that hangs
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(silent.accept());
                }
            } catch (IOException e) {
                // closed
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        Files.createDirectories(ROOT);
        Files.writeString(ROOT.resolve("notes.txt"), "plain text, not media\n");
        Files.write(ROOT.resolve("empty.mp4"), new byte[0]);
        byte[] clip = Files.readAllBytes(TestMedia.colourFile("mp4", "red", 320, 240, 30, 1, 0));
        Files.write(ROOT.resolve("truncated.mp4"), java.util.Arrays.copyOf(clip, 200));
    }

    @AfterAll
    static void stopServers() throws IOException {
        web.close();
        silent.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                refused("concat: joins files", "concat:" + ROOT + "/notes.txt|/etc/passwd", "pseudo-protocol"),
                refused("subfile: reads part of a file", "subfile:,start,0,end,10,:/etc/passwd", "pseudo-protocol"),
                refused("data: inline payload", "data:video/mp2t;base64,R0lG", "pseudo-protocol"),
                refused("pipe: standard input", "pipe:0", "pseudo-protocol"),
                refused("fd: a descriptor", "fd:0", "pseudo-protocol"),
                refused("tee: many outputs", "tee:file:/tmp/a|file:/tmp/b", "pseudo-protocol"),
                refused("lavfi: synthesized input", "lavfi:testsrc", "pseudo-protocol"),
                refused("async: wrapper", "async:http://127.0.0.1/a.ts", "pseudo-protocol"),
                refused("cache: wrapper", "cache:http://127.0.0.1/a.ts", "pseudo-protocol"),
                refused("hls+http: nested", "hls+http://127.0.0.1/live.m3u8", "nested protocol"),
                refused("udp: raw socket", "udp://127.0.0.1:1234", "pseudo-protocol"),
                refused("tcp: raw socket", "tcp://127.0.0.1:1234", "pseudo-protocol"),
                refused("ftp", "ftp://127.0.0.1/clip.mp4", "pseudo-protocol"),
                refused("gopher", "gopher://127.0.0.1/1", "pseudo-protocol"),
                refused("javascript", "javascript:alert(1)", "not allowed"),
                refused("/etc/passwd", "file:///etc/passwd", "outside the file root"),
                refused("traversal", "file://" + ROOT + "/generated/../../../pom.xml", "'..' segments"),
                refused("encoded traversal", "file://" + ROOT + "/%2e%2e/%2e%2e/pom.xml", "'..' segments"),
                refused("missing file", "file://" + ROOT + "/missing.mp4", "names no readable file"),
                refused("directory", "file://" + ROOT + "/generated", "names no readable file"),
                refused("bare path", "/etc/passwd", "absolute URL with a scheme"),
                refused("no host", "http:///live.ts", "has no host"),
                refused("header injection", "http://127.0.0.1/a.ts\r\nX-Evil: 1", "control characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWith400AndNothingChanges(String url, String why) {
        ApiClient.Response response = api.post(CONFIGURE, "{\"video\":{\"type\":\"stream\",\"url\":" + json(url) + "}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).contains("video.url").contains(why);
        assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo("idle");
    }

    static Stream<Arguments> failing() {
        return Stream.of(
                failing("http: nobody listening", "stream", "http://127.0.0.1:" + closedPort() + "/live.ts",
                        "Connection refused"),
                failing("rtmp: nobody listening", "stream", "rtmp://127.0.0.1:" + closedPort() + "/live/x",
                        "Connection refused"),
                failing("rtsp: nobody listening", "stream", "rtsp://127.0.0.1:" + closedPort() + "/cam",
                        "Connection refused"),
                failing("http: 404", "stream", "{web}/missing.ts", "404"),
                failing("http: an HTML page", "stream", "{web}/page.html", "Invalid data"),
                failing("http: zeros, not media", "stream", "{web}/garbage.ts", "cannot be"),
                failing("http: playlist naming a local file", "stream", "{web}/playlist.m3u8", "The source"),
                failing("http: a server that never answers", "stream", "{silent}/live.ts", "timed out"),
                failing("file: plain text", "file", "file://" + ROOT + "/notes.txt", "Invalid data"),
                failing("file: empty", "file", "file://" + ROOT + "/empty.mp4", "cannot be"),
                failing("file: truncated mp4", "file", "file://" + ROOT + "/truncated.mp4", "The source"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void acceptedThenReportedInLastErrorWhileTheCameraStaysBlack(String type, String url, String why) throws Exception {
        String concrete = url.replace("{web}", "http://127.0.0.1:" + web.port())
                .replace("{silent}", "http://127.0.0.1:" + silent.getLocalPort());

        ApiClient.Response response = api.post(CONFIGURE, "{\"video\":{\"type\":\"" + type + "\",\"url\":"
                + json(concrete) + ",\"width\":320,\"height\":240}}");

        assertThat(response.status()).as("configure never waits for the source: %s", response.body()).isEqualTo(200);
        assertThat(Waits.until(Duration.ofSeconds(30), () -> api.get(STATUS).json().path("last_error").asText()
                .contains(why))).as("status %s", api.get(STATUS).body()).isTrue();
        JsonNode video = api.get(STATUS).json().path("stats").path("video");
        assertThat(video.path("frames_decoded").asLong()).isZero();
        assertThat(video.path("showing").asText()).isEqualTo("black (no input)");
        assertThat(api.get(STATUS).json().path("last_error").asText()).contains(concrete);
    }

    @Test
    void loopIsRefusedForStreams() {
        ApiClient.Response response = api.post(CONFIGURE, "{\"audio\":{\"type\":\"stream\",\"url\":\"http://127.0.0.1/a"
                + ".mp3\",\"loop\":true}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).contains("audio.loop").contains("file sources only");
    }

    @Test
    void aGoodSourcePlaysAfterTheBadOnes() throws InterruptedException {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"stream\",\"url\":\"http://127.0.0.1:" + closedPort() + "/x.ts\"}}");
        api.post(CONFIGURE, "{\"video\":{\"type\":\"file\",\"url\":\"" + TestMedia.colourFile("mp4", "red", 320, 240, 30, 1,
                0).toUri() + "\"}}");

        assertThat(Waits.until(Duration.ofSeconds(20), () -> api.get(STATUS).json().path("stats").path("video")
                .path("frames_decoded").asLong() > 10)).as("status %s", api.get(STATUS).body()).isTrue();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    private static Arguments refused(String name, String url, String why) {
        return arguments(named(name, url), why);
    }

    private static Arguments failing(String name, String type, String url, String why) {
        return arguments(named(name, type), url, why);
    }
}
