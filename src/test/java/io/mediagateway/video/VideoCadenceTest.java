package io.mediagateway.video;

import static io.mediagateway.support.FeedViewerClient.BLACK;
import static io.mediagateway.support.FeedViewerClient.RED;
import static io.mediagateway.support.VideoPublishing.connectPublisher;
import static io.mediagateway.support.VideoPublishing.sendPaced;
import static io.mediagateway.support.VideoPublishing.yuv;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.VideoPublishing;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.Test;

/**
 * The feed runs at the configured frame rate, not the input's, and what changes in the input arrives on the feed in
 * the order it was sent. Input: 30 fps MPEG-1 TS made by the bundled ffmpeg, pushed in uneven chunks at real-time
 * pace; output: what a real viewer decodes from the feed.
 */
class VideoCadenceTest extends GatewayTestSupport {

    private static final String VIDEO = VirtualInputsStatus.VIDEO_SOCKET_PATH;
    private static final String FEED = FeedBroadcaster.SOCKET_PATH;

    @Test
    void fifteenFpsConfiguredWithThirtyFpsInputGivesAboutFifteenPicturesASecond() throws Exception {
        assertCadence(15, 30, 10.0, 20.0);
    }

    @Test
    void twentyFiveFpsConfiguredWithSixtyFpsInputGivesAboutTwentyFivePicturesASecond() throws Exception {
        assertCadence(25, 60, 18.0, 32.0);
    }

    /** Configures {@code rate}, pushes 8 s of red at {@code inputRate}, counts what a viewer decodes over 4 s. */
    private void assertCadence(int rate, int inputRate, double min, double max) throws Exception {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":"
                + rate + "}}").status()).isEqualTo(200);
        byte[] red = TestMedia.mpeg1Ts("red", 320, 240, inputRate, 8);

        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED, 10);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            Thread sending = new Thread(() -> sendPaced(publisher, red, 8, new Random(1)), "publisher");
            sending.start();
            FeedViewerClient.Picture first = viewer.await(p -> p.looks(RED, 12), Duration.ofSeconds(20));
            assertThat(first).as("red on the feed; last %s; status %s", viewer.last(), api.get(STATUS).body()).isNotNull();

            // count what the viewer decodes over 4 s of steady input, starting 1 s after the first red picture
            long from = first.atNanos() + TimeUnit.SECONDS.toNanos(1);
            long to = from + TimeUnit.SECONDS.toNanos(4);
            Thread.sleep(Math.max(0, (to - System.nanoTime()) / 1_000_000) + 500);
            List<FeedViewerClient.Picture> window = viewer.between(from, to);
            double fps = window.size() / 4.0;
            double cameraFps = api.get(STATUS).json().path("stats").path("video").path("fps").asDouble();
            System.out.printf("[cadence] configured %d fps, input %d fps: feed %.2f pictures/s (%d in 4 s), camera fps %.1f%n",
                    rate, inputRate, fps, window.size(), cameraFps);

            assertThat(fps).as("feed pictures per second").isBetween(min, max);
            // red, or black for a moment if the sending thread stalls past stale-after on a busy machine; nothing else
            assertThat(window).allSatisfy(p -> assertThat(p.looks(RED, 12) || p.looks(BLACK, 12)).as("%s", p).isTrue())
                    .filteredOn(p -> p.looks(BLACK, 12)).hasSizeLessThanOrEqualTo(3);
            assertThat(cameraFps).as("camera fps in status").isBetween(min, max);
            sending.join(20_000);
        }
        // the input really came at its own rate: the decoder saw about inputRate pictures a second
        assertThat(api.get(STATUS).json().path("stats").path("video").path("frames_decoded").asLong())
                .isGreaterThan(inputRate * 6L);
    }

    @Test
    void coloursOfASequenceArriveInTheOrderTheyWereSent() throws Exception {
        // 25 fps from 30 fps input: the camera resamples, the order must survive (15 fps would be the brief's choice,
        // but the feed does not run below 20 fps, see above)
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":25}}")
                .status()).isEqualTo(200);
        Map<String, int[]> steps = new LinkedHashMap<>();
        steps.put("red", yuv(255, 0, 0));
        steps.put("lime", yuv(0, 255, 0));
        steps.put("blue", yuv(0, 0, 255));
        steps.put("yellow", yuv(255, 255, 0));
        steps.put("magenta", yuv(255, 0, 255));
        steps.put("cyan", yuv(0, 255, 255));
        byte[] ts = colourSteps(steps.keySet(), 0.8);

        List<String> seen;
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED, 10);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, ts, 0.8 * steps.size(), new Random(2));
            // the viewer may still be decoding on a busy machine: the sequence is over once the feed shows black after it
            Waits.until(Duration.ofSeconds(20), () -> {
                List<String> runs = runs(viewer.pictures(), steps);
                return runs.contains("cyan") && runs.get(runs.size() - 1).equals("black");
            });
            seen = runs(viewer.pictures(), steps);
        }
        System.out.println("[cadence] colour runs on the feed: " + seen);

        List<String> colours = seen.stream().filter(name -> !name.equals("black")).toList();
        assertThat(colours).as("colour runs (black left out) in %s", seen).containsExactlyElementsOf(steps.keySet());
    }

    @Test
    void aBrightnessRampArrivesInOrderFrameAfterFrame() throws Exception {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}")
                .status()).isEqualTo(200);
        // luma 20, 21.5, 23 ... one step per source frame: any reordering shows as a step down
        byte[] ramp = VideoPublishing.ffmpeg("luma-ramp-320x240-30-4.ts", List.of("-f", "lavfi", "-i",
                "color=c=black:s=320x240:r=30,format=yuv420p,geq=lum='20+N*1.5':cb=128:cr=128", "-t", "4",
                "-c:v", "mpeg1video", "-q:v", "2", "-g", "15", "-bf", "0", "-f", "mpegts"));

        List<FeedViewerClient.Picture> pictures;
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED, 10);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, ramp, 4, new Random(3));
            // the viewer may still be decoding on a busy machine: the ramp is over once a bright picture (the last
            // steps reach luma ~200) is followed by the black after stale-after
            Waits.until(Duration.ofSeconds(20), () -> {
                List<FeedViewerClient.Picture> all = viewer.pictures();
                int bright = -1;
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).centre()[0] > 150) {
                        bright = i;
                    }
                }
                return bright >= 0 && all.subList(bright, all.size()).stream().anyMatch(p -> p.looks(BLACK, 4));
            });
            pictures = new ArrayList<>(viewer.pictures());
        }
        // from the first picture of the ramp to its brightest: the pictures the input produced
        int start = 0;
        while (start < pictures.size() && pictures.get(start).centre()[0] < 19) {
            start++;
        }
        int brightest = start;
        for (int i = start; i < pictures.size(); i++) {
            if (pictures.get(i).centre()[0] >= pictures.get(brightest).centre()[0]) {
                brightest = i;
            }
        }
        int[] luma = pictures.subList(start, brightest + 1).stream().mapToInt(p -> p.centre()[0]).toArray();
        System.out.println("[cadence] ramp luma on the feed: " + Arrays.toString(luma));

        assertThat(luma.length).as("ramp pictures").isGreaterThan(60);
        assertThat(luma[luma.length - 1] - luma[0]).as("ramp range").isGreaterThan(120);
        for (int i = 1; i < luma.length; i++) {
            assertThat(luma[i]).as("picture %d after %d (%s)", i, luma[i - 1], Arrays.toString(luma))
                    .isGreaterThanOrEqualTo(luma[i - 1] - 4);
        }
    }

    /** 30 fps MPEG-1 TS that shows each named colour for {@code seconds}, in order. */
    private static byte[] colourSteps(Iterable<String> colours, double seconds) {
        StringBuilder graph = new StringBuilder();
        StringBuilder inputs = new StringBuilder();
        int n = 0;
        for (String colour : colours) {
            graph.append("color=c=").append(colour).append(":s=320x240:r=30:d=").append(seconds).append("[s").append(n)
                    .append("];");
            inputs.append("[s").append(n).append("]");
            n++;
        }
        graph.append(inputs).append("concat=n=").append(n).append(":v=1:a=0[out]");
        return VideoPublishing.ffmpeg("steps-" + String.join("-", colours) + "-" + seconds + ".ts",
                List.of("-filter_complex", graph.toString(), "-map", "[out]", "-c:v", "mpeg1video", "-q:v", "3",
                        "-g", "15", "-bf", "0", "-f", "mpegts"));
    }

    /** The named colour of each picture (black, a step colour, or "?"), with consecutive repeats and "?" removed. */
    private static List<String> runs(List<FeedViewerClient.Picture> pictures, Map<String, int[]> steps) {
        List<String> runs = new ArrayList<>();
        for (FeedViewerClient.Picture p : pictures) {
            String name = p.looks(BLACK, 12) ? "black" : "?";
            for (Map.Entry<String, int[]> step : steps.entrySet()) {
                if (p.looks(step.getValue(), 14)) {
                    name = step.getKey();
                }
            }
            if (!name.equals("?") && (runs.isEmpty() || !runs.get(runs.size() - 1).equals(name))) {
                runs.add(name);
            }
        }
        return runs;
    }
}
