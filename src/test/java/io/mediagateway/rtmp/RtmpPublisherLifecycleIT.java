package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.mediagateway.support.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One publisher per path, late players starting at a key frame, players told when the publisher goes away. */
class RtmpPublisherLifecycleIT {

    private static final String PATH = "live/lifecycle";
    private final Path dir = Path.of("target/rtmp-it/lifecycle");
    private RtmpTestServer rtmp;
    private Process publisher;
    private String publisherLog;

    @BeforeEach
    void start(org.junit.jupiter.api.TestInfo test) throws Exception {
        Files.createDirectories(dir);
        rtmp = new RtmpTestServer();
        // key frames 3 s apart, so a player joining later almost always joins mid-GOP
        publisher = FfmpegRtmp.publish(rtmp.url(PATH), "0x2040E0", 600, 75, dir.resolve(publisherLog = test.getTestMethod().orElseThrow().getName() + "-publisher.log"));
        assertThat(Waits.until(Duration.ofSeconds(30), () -> rtmp.server.streams().isPublished(PATH))).as(log(publisherLog)).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        publisher.destroyForcibly().waitFor();
        rtmp.close();
    }

    @Test
    void latePlayerStartsAtTheLastKeyFrame() throws Exception {
        Thread.sleep(1500); // not a timing assertion: only to join after the first key frame, inside the GOP
        Path flv = dir.resolve("late.flv");
        Process copy = FfmpegRtmp.copy(rtmp.url(PATH), flv, 2, dir.resolve("late.log"));
        assertThat(copy.waitFor(60, TimeUnit.SECONDS)).isTrue();
        FlvTags tags = FlvTags.read(flv);
        assertThat(tags.tags()).as("the player got metadata-led media").isNotEmpty();
        assertThat(tags.tags().stream().filter(t -> t.video()).findFirst().orElseThrow().sequenceHeader())
                .as("the AVC sequence header comes before any frame").isTrue();
        assertThat(tags.firstVideoFrame().keyFrame()).as("first frame is a key frame").isTrue();

        FfmpegRtmp.Player player = FfmpegRtmp.play(rtmp.url(PATH), dir, "late-decoder", 1, 0.5);
        assertThat(player.finish(60)).as(player.output()).isTrue();
        int[] rgb = player.meanColour(0);
        assertThat(rgb[0]).as("first decoded frame is clean: %s", java.util.Arrays.toString(rgb)).isBetween(0x20 - 20, 0x20 + 20);
        assertThat(rgb[1]).isBetween(0x40 - 20, 0x40 + 20);
        assertThat(rgb[2]).isBetween(0xE0 - 20, 0xE0 + 20);
    }

    @Test
    void publisherGoingAwayEndsThePlayers() throws Exception {
        FfmpegRtmp.Player player = FfmpegRtmp.play(rtmp.url(PATH), dir, "until-end", 100_000, 100_000);
        assertThat(Waits.until(Duration.ofSeconds(30), () -> {
            try {
                return player.framesDecoded() > 10;
            } catch (java.io.IOException e) {
                return false;
            }
        })).as(player.output()).isTrue();
        publisher.destroyForcibly().waitFor(); // mid-stream, no FCUnpublish: the TCP connection just drops
        assertThat(Waits.until(Duration.ofSeconds(10), () -> !rtmp.server.streams().isPublished(PATH))).isTrue();
        assertThat(player.finish(30)).as("the player saw the end of the stream and exited: %s", player.output()).isTrue();
        assertThat(player.process().exitValue()).as(player.output()).isZero();
    }

    @Test
    void secondPublisherOnTheSamePathIsRefused() throws Exception {
        Process second = FfmpegRtmp.publish(rtmp.url(PATH), "0xFFFF00", 300, 25, dir.resolve("second.log"));
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second publisher gave up").isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(log("second.log")).contains("Server error: live/lifecycle already has a publisher");
        assertThat(publisher.isAlive()).isTrue();

        FfmpegRtmp.Player player = FfmpegRtmp.play(rtmp.url(PATH), dir, "after-second", 3, 0.5);
        assertThat(player.finish(60)).as(player.output()).isTrue();
        assertThat(player.meanColour(2)[2]).as("players still get the first publisher (blue, not yellow)").isGreaterThan(0xC0);
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
