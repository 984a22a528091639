package io.mediagateway.y4m;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code gateway.video.y4m-file}: the camera output (here a red file source) is written as Y4M that FFmpeg reads back
 * with the right size and colour, the file rotates at {@code y4m-max-bytes} (so it stays bounded), and the status
 * names it as {@code video_file}.
 */
@TestPropertySource(properties = {
        "gateway.video.y4m-file=target/source-tests/camera.y4m",
        "gateway.video.y4m-max-bytes=2000000",
})
class Y4mCameraFileTest extends GatewayTestSupport {

    private static final Path FILE = Path.of("target/source-tests/camera.y4m").toAbsolutePath();
    private static final int FRAME_BYTES = 6 + 320 * 240 * 3 / 2;

    @Test
    void cameraOutputIsWrittenAsABoundedRotatingY4mFile() throws Exception {
        Files.deleteIfExists(FILE.resolveSibling("camera.y4m.1"));
        Path clip = TestMedia.colourFile("mp4", "red", 320, 240, 30, 1, 0);

        JsonNode status = api.post(CONFIGURE, "{\"video\":{\"type\":\"file\",\"url\":\"" + clip.toUri()
                + "\",\"width\":320,\"height\":240,\"frame_rate\":15}}").json();

        assertThat(status.path("video_file").asText()).isEqualTo(FILE.toString());
        assertThat(Waits.until(Duration.ofSeconds(30), () -> Files.exists(FILE.resolveSibling("camera.y4m.1"))))
                .as("rotated at 2 MB").isTrue();
        Path rotated = FILE.resolveSibling("camera.y4m.1");
        assertThat(Files.size(rotated)).isLessThanOrEqualTo(2_000_000L);
        byte[] bytes = Files.readAllBytes(rotated);
        String header = new String(bytes, 0, 64, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("YUV4MPEG2 W320 H240 F15:1 Ip A1:1 C420mpeg2\n");
        // the last whole frame of the rotated file: red (BT.601 Y/U/V of FFmpeg's red)
        int headerLength = header.indexOf('\n') + 1;
        int frames = (bytes.length - headerLength) / FRAME_BYTES;
        assertThat(frames).isGreaterThan(5);
        int last = headerLength + (frames - 1) * FRAME_BYTES;
        assertThat(new String(bytes, last, 6, StandardCharsets.US_ASCII)).isEqualTo("FRAME\n");
        int y = bytes[last + 6 + 120 * 320 + 160] & 0xff;
        int u = bytes[last + 6 + 320 * 240 + 60 * 160 + 80] & 0xff;
        int v = bytes[last + 6 + 320 * 240 * 5 / 4 + 60 * 160 + 80] & 0xff;
        assertThat(new int[] {y, u, v}).satisfies(yuv -> {
            for (int i = 0; i < 3; i++) {
                assertThat(Math.abs(yuv[i] - FeedViewerClient.RED[i])).as("channel %d of %d/%d/%d", i, y, u, v)
                        .isLessThanOrEqualTo(12);
            }
        });
        assertThat(ffprobeFrameSize(rotated)).isEqualTo("320x240");
    }

    @Test
    void statusHasNoVideoFileWithoutVideo() {
        JsonNode status = api.post(CONFIGURE, "{\"audio\":{\"type\":\"webrtc\"}}").json();

        assertThat(status.has("video_file")).isFalse();
    }

    /** FFmpeg reads the file as a Y4M video of this size (what Chromium's fake capture needs). */
    private static String ffprobeFrameSize(Path y4m) throws IOException, InterruptedException {
        Process ffmpeg = new ProcessBuilder(TestMedia.ffmpeg(), "-hide_banner", "-i", y4m.toString(), "-frames:v", "1",
                "-f", "null", "-").redirectErrorStream(true).start();
        String out = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ffmpeg.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Video: rawvideo.*?, (\\d+x\\d+)[ ,]").matcher(out);
        return m.find() ? m.group(1) : out;
    }
}
