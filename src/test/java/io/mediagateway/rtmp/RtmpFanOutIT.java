package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mediagateway.support.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An ffmpeg publisher (colour + tone, H.264 + AAC) and three ffmpeg players: each decodes that colour and that tone. */
class RtmpFanOutIT {

    private static final String COLOUR = "0xC03020";
    private static final int[] RGB = {0xC0, 0x30, 0x20};
    private static final int TONE_HZ = 1000;

    private final Path dir = Path.of("target/rtmp-it/fan-out");
    private RtmpTestServer rtmp;
    private Process publisher;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir);
        rtmp = new RtmpTestServer();
        publisher = FfmpegRtmp.publish(rtmp.url("live/fanout"), COLOUR, TONE_HZ, 25, dir.resolve("publisher.log"));
        assertThat(Waits.until(Duration.ofSeconds(30), () -> rtmp.server.streams().isPublished("live/fanout")))
                .as("publisher live; ffmpeg says: %s", log("publisher.log")).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        publisher.destroy();
        publisher.waitFor();
        rtmp.close();
    }

    @Test
    void threePlayersDecodeTheColourAndTheTone() throws Exception {
        List<FfmpegRtmp.Player> players = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            players.add(FfmpegRtmp.play(rtmp.url("live/fanout"), dir, "player" + i, 10, 3));
        }
        assertThat(Waits.until(Duration.ofSeconds(30), () -> rtmp.server.streams().playerCount("live/fanout") == 3)).isTrue();
        for (FfmpegRtmp.Player player : players) {
            assertThat(player.finish(60)).as("player finished; ffmpeg says: %s", player.output()).isTrue();
            assertThat(player.process().exitValue()).as(player.output()).isZero();
            assertThat(player.framesDecoded()).isEqualTo(10);
            for (int frame = 0; frame < 10; frame++) {
                int[] rgb = player.meanColour(frame);
                for (int c = 0; c < 3; c++) {
                    assertThat(rgb[c]).as("frame %d channel %d of %s", frame, c, java.util.Arrays.toString(rgb)).isBetween(RGB[c] - 20, RGB[c] + 20);
                }
            }
            short[] samples = player.samples();
            assertThat(samples.length).isGreaterThan(FfmpegRtmp.SAMPLE_RATE * 2);
            assertThat(player.dominantFrequency()).isBetween(TONE_HZ - 10, TONE_HZ + 10);
            assertThat(io.mediagateway.support.ToneAnalysis.rms(samples)).isGreaterThan(1000);
        }
        assertThat(publisher.isAlive()).as("players leaving never disturb the publisher").isTrue();
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
