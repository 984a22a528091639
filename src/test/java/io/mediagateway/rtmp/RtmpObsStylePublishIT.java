package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * OBS-style publishing from another host: server {@code rtmp://<gateway>:1935/live}, stream key
 * {@code <name>?key=<gateway.rtmp.publish-key>} (ffmpeg's -rtmp_app / -rtmp_playpath send exactly what OBS sends).
 * Connections go to this machine's non-loopback address, so the server sees a remote publisher.
 */
class RtmpObsStylePublishIT {

    private final Path dir = Path.of("target/rtmp-it/obs");

    @Test
    void remotePublisherWithTheStreamKeyIsPlayedRemoteWithoutIsRefused() throws Exception {
        Files.createDirectories(dir);
        String address = RtmpPublishAccessTest.nonLoopbackAddress();
        try (RtmpTestServer rtmp = new RtmpTestServer(settings -> settings.setPublishKey("obs-s3cret"))) {
            String server = "rtmp://" + address + ":" + rtmp.port() + "/live";

            Process keyless = FfmpegRtmp.publish(server + "/cam", "0x30C040", 440, 25, dir.resolve("keyless.log"));
            assertThat(keyless.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(keyless.exitValue()).isNotZero();
            assertThat(Files.readString(dir.resolve("keyless.log"))).contains("a publish key is required");

            Process obs = FfmpegRtmp.publish(server, "0x30C040", 440, 25, dir.resolve("obs.log"),
                    "-rtmp_app", "live", "-rtmp_playpath", "cam?key=obs-s3cret");
            try {
                assertThat(Waits.until(Duration.ofSeconds(30), () -> rtmp.server.streams().isPublished("live/cam")))
                        .as(Files.readString(dir.resolve("obs.log"))).isTrue();
                FfmpegRtmp.Player player = FfmpegRtmp.play(server + "/cam", dir, "remote-player", 5, 2);
                assertThat(player.finish(60)).as(player.output()).isTrue();
                int[] rgb = player.meanColour(4);
                assertThat(rgb[1]).as(java.util.Arrays.toString(rgb)).isBetween(0xC0 - 20, 0xC0 + 20);
                assertThat(rgb[0]).isBetween(0x30 - 20, 0x30 + 20);
                assertThat(player.dominantFrequency()).isBetween(430, 450);
            } finally {
                obs.destroy();
                obs.waitFor();
            }
        }
    }
}
