package io.mediagateway.video;

import static io.mediagateway.support.VideoPublishing.concat;
import static io.mediagateway.support.VideoPublishing.connectPublisher;
import static io.mediagateway.support.VideoPublishing.random;
import static io.mediagateway.support.VideoPublishing.sendChunks;
import static io.mediagateway.support.VideoPublishing.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.mediasocket.MediaSocketConsumer;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.RawWebSocket;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.VideoPublishing;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Bad input on WS /input/devices/virtual/socket/video. Every case asserts what the gateway did with it and then
 * proves the gateway still works: valid MPEG-TS afterwards plays on the live feed (decoded by a real viewer), or at
 * least the status endpoint answers and another publisher can connect. Real media throughout (the bundled ffmpeg).
 * The message limit is lowered to 256 KiB so that "huge" stays cheap (a separate Spring context).
 */
@TestPropertySource(properties = "gateway.http.max-websocket-message-bytes=" + VideoSocketBadInputTest.MAX_MESSAGE)
class VideoSocketBadInputTest extends GatewayTestSupport {

    static final int MAX_MESSAGE = 262_144;
    private static final String VIDEO = VirtualInputsStatus.VIDEO_SOCKET_PATH;
    private static final String FEED = FeedBroadcaster.SOCKET_PATH;
    private static final String SOCKET_320 = "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}";
    private static final Duration PLAY_LIMIT = Duration.ofSeconds(20);

    /** A colour the bundled ffmpeg knows, and how it decodes. Cases rotate them so a proof never sees older video. */
    record Colour(String name, int[] yuv) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Colour RED = new Colour("red", FeedViewerClient.RED);
    private static final Colour GREEN = new Colour("lime", FeedViewerClient.GREEN);
    private static final Colour BLUE = new Colour("blue", FeedViewerClient.BLUE);

    @Autowired
    CamelContext camel;

    @BeforeEach
    void configureSocketVideo() {
        assertThat(api.post(CONFIGURE, SOCKET_320).status()).isEqualTo(200);
    }

    // --- random bytes ----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} random bytes (seed {1}) in chunks of {2}, then valid TS")
    @CsvSource({
        "1, 1, 1",
        "100, 2, 100",
        "187, 3, 187",
        "188, 4, 188",
        "189, 5, 189",
        "4096, 6, 1000",
        "65536, 7, 65536",
        "250000, 8, 250000",
        "1000000, 9, 4096",
    })
    void randomBytesAreCountedAndReportedAndValidTsAfterwardsPlaysOnTheSameConnection(int size, long seed, int chunk)
            throws Exception {
        byte[] junk = random(size, seed);
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendChunks(publisher, junk, chunk);

            int tsChunks = assertPlays(publisher, RED);

            assertVideoStat("bytes_in", size + (long) ts(RED).length);
            assertVideoStat("chunks_in", (size + chunk - 1) / chunk + tsChunks);
            JsonNode stats = videoStats();
            // every random byte is garbage, except the rare run that happens to look like packets (0x47 188 apart)
            assertThat(stats.path("garbage_bytes").asLong()).isBetween(size - 188L * (4 + size / 30_000), (long) size);
            assertThat(lastError()).contains("not MPEG-TS");
            assertThat(publisher.isClosed()).isFalse();
        }
    }

    @Test
    void randomBytesThenThePublisherLeavesAndANewPublisherPlays() throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendChunks(publisher, random(100_000, 10), 3000);
            assertThat(Waits.until(Duration.ofSeconds(10), () -> videoStats().path("garbage_bytes").asLong() > 90_000))
                    .as("stats %s", videoStats()).isTrue();
        }
        assertNewPublisherPlays(GREEN);
    }

    @Test
    void tsShapedGarbageThenValidTsPlaysOnTheSameConnection() throws Exception {
        // 188-byte packets with sync bytes but random everything else: the aligner lets them through, FFmpeg gets them
        byte[] fake = random(400 * 188, 11);
        for (int i = 0; i < fake.length; i += 188) {
            fake[i] = 0x47;
        }
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendChunks(publisher, fake, 1880);

            assertPlays(publisher, BLUE);

            assertVideoStat("bytes_in", fake.length + (long) ts(BLUE).length);
        }
    }

    @Test
    void tsWithCorruptedPayloadsDecodesWhatItCanAndCleanTsAfterwardsPlays() throws Exception {
        // a real stream with random bytes flipped inside its packets (sync bytes kept), as a lossy link would do
        byte[] damaged = TestMedia.mpeg1Ts("red", 320, 240, 30, 2).clone();
        Random random = new Random(12);
        for (int n = 0; n < damaged.length / 50; n++) {
            int at = random.nextInt(damaged.length);
            if (at % 188 != 0) {
                damaged[at] = (byte) random.nextInt(256);
            }
        }
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, damaged, 2, new Random(13));

            assertPlays(publisher, GREEN);
        }
    }

    // --- broken TS -------------------------------------------------------------------------------------------------

    @Test
    void garbageInterleavedBetweenPacketsIsCountedAndTheVideoStillPlays() throws Exception {
        byte[] ts = TestMedia.mpeg1Ts("blue", 320, 240, 30, 3);
        Random random = new Random(14);
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        long inserted = 0;
        for (int at = 0; at < ts.length; at += 188 * 25) {
            mixed.write(ts, at, Math.min(188 * 25, ts.length - at));
            byte[] junk = random(1 + random.nextInt(300), random.nextLong());
            mixed.writeBytes(junk);
            inserted += junk.length;
        }
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, mixed.toByteArray(), 3, new Random(15));

            assertThat(viewer.awaitColour(BLUE.yuv(), PLAY_LIMIT)).as("last picture %s, stats %s", viewer.last(),
                    videoStats()).isTrue();
        }
        // each burst is counted; the aligner may also give up the packet just before a burst (see TsPacketAlignerTest).
        // Blue shows from the first packets: the gateway may still be working through the rest (and the end's flush)
        long fewest = inserted - 188L * 4;
        Waits.until(Duration.ofSeconds(20), () -> videoStats().path("garbage_bytes").asLong() >= fewest);
        System.out.printf("[bad-input] interleaved garbage: %d bytes inserted, garbage_bytes %d%n", inserted,
                videoStats().path("garbage_bytes").asLong());
        assertThat(videoStats().path("garbage_bytes").asLong()).isBetween(fewest, inserted + 188L * 40);
        assertThat(lastError()).contains("not MPEG-TS");
    }

    @Test
    void aStreamCutMidPacketThenMoreValidDataPlays() throws Exception {
        byte[] red = TestMedia.mpeg1Ts("red", 320, 240, 30, 2);
        byte[] cut = Arrays.copyOf(red, 188 * 40 + 100);
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendChunks(publisher, cut, 1000);

            assertPlays(publisher, GREEN);

            assertVideoStat("bytes_in", cut.length + (long) ts(GREEN).length);
        }
    }

    @Test
    void aSecondEncoderRunOnTheSameConnectionPlays() throws Exception {
        // the publisher restarts its encoder without reconnecting: new PAT/PMT, timestamps start again
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, ts(RED), 2, new Random(16));
            assertThat(viewer.awaitColour(RED.yuv(), PLAY_LIMIT)).as("last %s", viewer.last()).isTrue();

            sendPaced(publisher, ts(BLUE), 2, new Random(17));
            assertThat(viewer.awaitColour(BLUE.yuv(), PLAY_LIMIT)).as("last %s", viewer.last()).isTrue();
        }
    }

    @Test
    void aTsWithNoVideoIsReportedAndDoesNotCrash() throws Exception {
        byte[] audio = TestMedia.audioOnlyTs(3);
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, audio, 1.5, new Random(18));

            assertThat(Waits.until(Duration.ofSeconds(15), () -> String.valueOf(lastError()).contains("no video")))
                    .as("last_error %s", lastError()).isTrue();
            assertThat(publisher.isClosed()).isFalse();
            assertThat(videoStats().path("frames_decoded").asLong()).isZero();
            assertVideoStat("bytes_in", audio.length);
        }
        assertNewPublisherPlays(RED);
    }

    // the PMT-aware ingest holds nothing while the PMT names no video, so the video that follows (same PIDs, same
    // PMT version) starts clean
    @Test
    void videoAfterAudioOnlyTsOnTheSameConnectionPlays() throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, TestMedia.audioOnlyTs(3), 1.5, new Random(19));
            assertThat(Waits.until(Duration.ofSeconds(15), () -> String.valueOf(lastError()).contains("no video")))
                    .as("last_error %s", lastError()).isTrue();

            assertPlays(publisher, GREEN);
        }
    }

    // --- other files instead of TS ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} file")
    @CsvSource({"png", "mp4", "mp3"})
    void anotherFileFormatIsCountedAsGarbageAndValidTsAfterwardsPlays(String kind) throws Exception {
        byte[] file = switch (kind) {
            case "png" -> VideoPublishing.ffmpeg("red-64x64.png", List.of("-f", "lavfi", "-i", "color=c=red:s=64x64",
                    "-frames:v", "1", "-c:v", "png", "-f", "image2"));
            case "mp4" -> VideoPublishing.ffmpeg("red-320x240-2s.mp4", List.of("-f", "lavfi", "-i",
                    "color=c=red:s=320x240:r=30", "-t", "2", "-c:v", "mpeg4", "-f", "mp4"));
            default -> VideoPublishing.ffmpeg("sine-2s.mp3", List.of("-f", "lavfi", "-i",
                    "sine=frequency=440:sample_rate=44100", "-t", "2", "-c:a", "libmp3lame", "-f", "mp3"));
        };
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendChunks(publisher, file, 4096);

            assertPlays(publisher, BLUE);

            assertThat(videoStats().path("garbage_bytes").asLong()).as("%s of %d bytes", kind, file.length)
                    .isBetween(file.length - 188L * 4, (long) file.length);
            assertThat(videoStats().path("frames_decoded").asLong()).isPositive();
        }
        assertThat(lastError()).contains("not MPEG-TS");
    }

    // --- sizes -----------------------------------------------------------------------------------------------------

    @Test
    void aLargerSourceIsScaledAndLetterboxedToTheCameraSize() throws Exception {
        byte[] wide = TestMedia.mpeg1Ts("red", 640, 360, 30, 3);
        FeedViewerClient.Picture picture = playAndCapture(wide, RED);

        assertThat(picture.width()).isEqualTo(320);
        assertThat(picture.height()).isEqualTo(240);
        // 640x360 fits as 320x180: 30 black rows above and below
        assertThat(picture.maxY(0, 0, 320, 24)).as("top rows").isLessThanOrEqualTo(16 + 12);
        assertThat(picture.maxY(0, 216, 320, 240)).as("bottom rows").isLessThanOrEqualTo(16 + 12);
        assertThat(picture.yuv(160, 40)).as("first picture row").satisfies(yuv -> looksLike(yuv, RED));
        assertThat(picture.yuv(10, 120)).as("left edge").satisfies(yuv -> looksLike(yuv, RED));
    }

    @Test
    void anOddSizedSourceIsFittedAndPadded() throws Exception {
        byte[] odd = TestMedia.mpeg1Ts("lime", 333, 199, 30, 3);
        FeedViewerClient.Picture picture = playAndCapture(odd, GREEN);

        assertThat(picture.width()).isEqualTo(320);
        assertThat(picture.height()).isEqualTo(240);
        // 333x199 fits as 320x190, centred: 24 black rows above, 26 below
        assertThat(picture.maxY(0, 0, 320, 18)).as("top rows").isLessThanOrEqualTo(16 + 12);
        assertThat(picture.maxY(0, 222, 320, 240)).as("bottom rows").isLessThanOrEqualTo(16 + 12);
        assertThat(picture.yuv(160, 32)).as("first picture rows").satisfies(yuv -> looksLike(yuv, GREEN));
    }

    @Test
    void aNarrowSourceIsPillarboxed() throws Exception {
        byte[] narrow = TestMedia.mpeg1Ts("blue", 160, 240, 30, 3);
        FeedViewerClient.Picture picture = playAndCapture(narrow, BLUE);

        assertThat(picture.width()).isEqualTo(320);
        assertThat(picture.height()).isEqualTo(240);
        // 160x240 fits as is, centred: 80 black columns on each side
        assertThat(picture.maxY(0, 0, 72, 240)).as("left columns").isLessThanOrEqualTo(16 + 12);
        assertThat(picture.maxY(248, 0, 320, 240)).as("right columns").isLessThanOrEqualTo(16 + 12);
        assertThat(picture.yuv(88, 120)).as("picture's left edge").satisfies(yuv -> looksLike(yuv, BLUE));
    }

    // --- WebSocket frames ------------------------------------------------------------------------------------------

    @Test
    void textFramesAreIgnoredAndCounted() throws Exception {
        MediaSocketConsumer consumer = (MediaSocketConsumer) camel.getRoute("virtual-video-ingest").getConsumer();
        long before = consumer.textFramesIgnored();
        byte[] ts = ts(RED);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            int chunks = 0;
            for (int at = 0, n = 0; at < ts.length; at += 2000, n++) {
                if (n % 3 == 0) {
                    publisher.sendText("{\"hello\":" + n + "}");
                }
                publisher.sendBinary(Arrays.copyOfRange(ts, at, Math.min(ts.length, at + 2000)));
                chunks++;
                Thread.sleep(2000L * 2000 / ts.length); // about 2 s in all
            }
            int texts = (chunks + 2) / 3;

            assertThat(viewer.awaitColour(RED.yuv(), PLAY_LIMIT)).as("last %s", viewer.last()).isTrue();
            assertThat(Waits.until(Duration.ofSeconds(10), () -> consumer.textFramesIgnored() - before == texts))
                    .as("text frames counted %d of %d", consumer.textFramesIgnored() - before, texts).isTrue();
            assertVideoStat("bytes_in", ts.length);
            assertVideoStat("chunks_in", chunks);
            assertThat(publisher.isClosed()).isFalse();
        }
    }

    @Test
    void emptyBinaryFramesAreHarmless() throws Exception {
        byte[] ts = ts(GREEN);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            int chunks = 0;
            for (int at = 0; at < ts.length; at += 1500) {
                publisher.sendBinary(new byte[0]);
                publisher.sendBinary(Arrays.copyOfRange(ts, at, Math.min(ts.length, at + 1500)));
                chunks += 2;
                Thread.sleep(2000L * 1500 / ts.length);
            }

            assertThat(viewer.awaitColour(GREEN.yuv(), PLAY_LIMIT)).as("last %s", viewer.last()).isTrue();
            int sent = chunks;
            assertThat(Waits.until(Duration.ofSeconds(10), () -> videoStats().path("chunks_in").asLong() == sent))
                    .as("stats %s", videoStats()).isTrue();
            assertVideoStat("bytes_in", ts.length);
            assertThat(videoStats().path("garbage_bytes").asLong()).isZero();
        }
    }

    @Test
    void aOneByteFrameIsOneGarbageByteAndTheStreamAfterItPlays() throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            publisher.sendBinary(new byte[] {0x47}); // a lone sync byte: it must not shift the packet grid

            assertPlays(publisher, BLUE);

            assertVideoStat("garbage_bytes", 1);
            assertVideoStat("bytes_in", 1 + ts(BLUE).length);
        }
    }

    @Test
    void aStreamSentOneByteAtATimePlays() throws Exception {
        byte[] ts = TestMedia.mpeg1Ts("red", 320, 240, 30, 1);
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            long start = System.nanoTime();
            sendChunks(publisher, ts, 1);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("[bad-input] %d one-byte messages sent in %.1f s%n", ts.length, seconds);

            assertThat(viewer.awaitColour(RED.yuv(), PLAY_LIMIT)).as("last %s (sent %d frames in %.1f s)",
                    viewer.last(), ts.length, seconds).isTrue();
            assertThat(Waits.until(Duration.ofSeconds(20), () -> videoStats().path("chunks_in").asLong() == ts.length))
                    .as("stats %s", videoStats()).isTrue();
            assertVideoStat("bytes_in", ts.length);
            assertThat(videoStats().path("garbage_bytes").asLong()).isZero();
        }
    }

    @Test
    void aFrameOverTheMessageLimitDropsThatPublisherOnlyAndTheNextPublisherPlays() throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            publisher.sendOverLimit(new byte[MAX_MESSAGE + 40_000], Duration.ofSeconds(2));
            // the gateway drops that publisher; the JDK client, blocked writing, may not notice for a while
            assertThat(Waits.until(Duration.ofSeconds(15), () -> videoStats().path("publishers").asInt() == 0))
                    .as("stats %s", videoStats()).isTrue();
        }
        assertThat(videoStats().path("bytes_in").asLong()).isZero();
        assertNewPublisherPlays(GREEN);
    }

    @Test
    void aMessageOverTheLimitInSmallFragmentsClosesWith1009AndTheNextPublisherPlays() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(httpServer.port(), VIDEO, 0)) {
            assertThat(raw.status()).isEqualTo(101);
            byte[] fragment = new byte[32 * 1024];
            raw.sendFrame(RawWebSocket.BINARY, false, fragment);
            try {
                for (int sent = fragment.length; sent <= MAX_MESSAGE + fragment.length; sent += fragment.length) {
                    raw.sendFrame(RawWebSocket.CONTINUATION, false, fragment);
                }
            } catch (java.io.IOException closedWhileSending) {
                // the gateway closed as soon as the limit was passed
            }
            RawWebSocket.Frame close = raw.awaitClose(Duration.ofSeconds(10));

            assertThat(close).as("close frame").isNotNull();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.closeReason()).contains("larger than " + MAX_MESSAGE);
        }
        assertThat(videoStats().path("bytes_in").asLong()).isZero();
        assertNewPublisherPlays(BLUE);
    }

    @Test
    void aContinuationFrameWithNoMessageStartedDoesNotHurtTheGateway() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(httpServer.port(), VIDEO, 0)) {
            assertThat(raw.status()).isEqualTo(101);
            raw.sendFrame(RawWebSocket.CONTINUATION, true, random(500, 20));
            // a protocol error: RFC 6455 says fail the connection (a 1002 close frame is optional); Vert.x drops it
            RawWebSocket.Frame end = raw.awaitClose(Duration.ofSeconds(10));
            assertThat(end).as("the connection ends").isNotNull();
            if (end.opcode() == RawWebSocket.CLOSE) {
                assertThat(end.closeCode()).isEqualTo(1002);
            }
        }
        assertNewPublisherPlays(RED);
    }

    @Test
    void tsBytesSentAsATextFrameAreIgnored() throws Exception {
        MediaSocketConsumer consumer = (MediaSocketConsumer) camel.getRoute("virtual-video-ingest").getConsumer();
        long before = consumer.textFramesIgnored();
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            // a TS chunk, as text (Latin-1 read as text: valid UTF-8, but not media)
            publisher.sendText(new String(Arrays.copyOf(ts(RED), 1880), StandardCharsets.ISO_8859_1));

            assertPlays(publisher, GREEN);

            assertThat(consumer.textFramesIgnored()).isEqualTo(before + 1);
            assertVideoStat("bytes_in", ts(GREEN).length);
        }
    }

    // --- who may publish -------------------------------------------------------------------------------------------

    @Test
    void aSecondPublisherGets409JsonAndTheFirstKeepsPlaying() throws Exception {
        try (WsClient first = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            WsClient.Refusal refusal = WsClient.refused(httpServer.port(), VIDEO);

            assertThat(refusal.status()).isEqualTo(409);
            assertThat(new ApiClient.Response(409, refusal.body(), "").message()).contains("already connected");
            assertPlays(first, RED);
            assertThat(videoStats().path("publishers").asInt()).isEqualTo(1);
        }
    }

    @Test
    void connectingWhenNothingIsConfiguredIs409NamingWhatToConfigure() throws Exception {
        api.post(STOP, null);

        WsClient.Refusal refusal = WsClient.refused(httpServer.port(), VIDEO);

        assertThat(refusal.status()).isEqualTo(409);
        String message = new ApiClient.Response(409, refusal.body(), "").message();
        assertThat(message).contains("/input/devices/virtual/configure").contains("\"type\":\"socket\"");
        assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo("idle");
        configureSocketVideo();
        assertNewPublisherPlays(BLUE);
    }

    // connecting while only audio is configured (audio needs PulseAudio): io.mediagateway.virtualinput.ConfigureAudioIT

    @Test
    void connectingWhenVideoIsWebrtcIs409() throws Exception {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"}}").status()).isEqualTo(200);

        WsClient.Refusal refusal = WsClient.refused(httpServer.port(), VIDEO);

        assertThat(refusal.status()).isEqualTo(409);
        assertThat(new ApiClient.Response(409, refusal.body(), "").message()).contains("not configured as socket");
        configureSocketVideo();
        assertNewPublisherPlays(GREEN);
    }

    @Test
    void plainHttpOnTheSocketPathIs426Json() throws Exception {
        ApiClient.Response get = api.get(VIDEO);
        ApiClient.Response post = api.post(VIDEO, "{}");

        assertThat(get.status()).isEqualTo(426);
        assertThat(get.contentType()).startsWith("application/json");
        assertThat(get.message()).contains("WebSocket");
        assertThat(post.status()).isEqualTo(426);
        assertThat(post.message()).contains("WebSocket");
        assertNewPublisherPlays(RED);
    }

    // --- connections that end badly --------------------------------------------------------------------------------

    @Test
    void aPublisherThatDropsMidMessageFreesThePathAndTheNextPublisherPlays() throws Exception {
        byte[] ts = ts(BLUE);
        RawWebSocket raw = RawWebSocket.connect(httpServer.port(), VIDEO, 0);
        assertThat(raw.status()).isEqualTo(101);
        raw.sendBinary(Arrays.copyOf(ts, 188 * 30));
        // the first fragment of a message whose rest never comes, then a TCP reset
        raw.sendFrame(RawWebSocket.BINARY, false, Arrays.copyOfRange(ts, 188 * 30, 188 * 30 + 1000));
        raw.abort();

        assertThat(Waits.until(Duration.ofSeconds(15), () -> videoStats().path("publishers").asInt() == 0))
                .as("stats %s", videoStats()).isTrue();
        // the unfinished message never reached the decoder (the whole first one may be lost too: on a TCP reset the
        // kernel discards what the gateway had not read yet)
        assertThat(videoStats().path("bytes_in").asLong()).isIn(0L, 188L * 30);
        assertNewPublisherPlays(RED);
    }

    @Test
    void aPublisherThatLeavesMidPacketThenReconnectsPlays() throws Exception {
        byte[] red = ts(RED);
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendChunks(publisher, Arrays.copyOf(red, 188 * 50 + 77), 1000);
        }
        assertNewPublisherPlays(GREEN);
        assertVideoStat("bytes_in", 188 * 50 + 77 + (long) ts(GREEN).length);
    }

    @Test
    void aPublisherAbortedWithATcpResetWhileStreamingIsReplacedByANewOne() throws Exception {
        byte[] ts = TestMedia.mpeg1Ts("red", 320, 240, 30, 10);
        RawWebSocket raw = RawWebSocket.connect(httpServer.port(), VIDEO, 0);
        assertThat(raw.status()).isEqualTo(101);
        AtomicBoolean stopped = new AtomicBoolean();
        Thread streaming = new Thread(() -> {
            try {
                for (int at = 0; at < ts.length && !stopped.get(); at += 1000) {
                    raw.sendBinary(Arrays.copyOfRange(ts, at, Math.min(ts.length, at + 1000)));
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                // the socket was reset under us
            }
        });
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED)) {
            streaming.start();
            assertThat(viewer.awaitColour(RED.yuv(), PLAY_LIMIT)).as("last %s", viewer.last()).isTrue();

            stopped.set(true);
            raw.abort();
            streaming.join(5000);

            assertThat(Waits.until(Duration.ofSeconds(15), () -> videoStats().path("publishers").asInt() == 0))
                    .as("stats %s", videoStats()).isTrue();
        }
        assertNewPublisherPlays(BLUE);
    }

    @Test
    void stopWhilePublishingClosesThePublisherWith1000AndAReason() throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            Thread sending = sendInBackground(publisher, TestMedia.mpeg1Ts("red", 320, 240, 30, 10));
            Thread.sleep(1000);

            ApiClient.Response stopped = api.post(STOP, null);

            WsClient.Close close = publisher.awaitClose(Duration.ofSeconds(10));
            assertThat(close).isNotNull();
            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.reason()).contains("stop");
            assertThat(stopped.json().path("state").asText()).isEqualTo("idle");
            assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo("idle");
            sending.join(15_000);
        }
        configureSocketVideo();
        assertNewPublisherPlays(GREEN);
    }

    @Test
    void reconfigureWhilePublishingClosesThePublisherWithAReasonAndTheNewSizeApplies() throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            Thread sending = sendInBackground(publisher, TestMedia.mpeg1Ts("red", 320, 240, 30, 10));
            Thread.sleep(1000);

            assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":256,\"height\":144}}").status())
                    .isEqualTo(200);

            WsClient.Close close = publisher.awaitClose(Duration.ofSeconds(10));
            assertThat(close).isNotNull();
            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.reason()).contains("new configuration");
            sending.join(15_000);
        }
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED);
                WsClient next = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(next, ts(BLUE), 2, new Random(21));
            assertThat(viewer.awaitColour(BLUE.yuv(), PLAY_LIMIT)).as("last %s", viewer.last()).isTrue();
            assertThat(viewer.last().width()).isEqualTo(256);
            assertThat(viewer.last().height()).isEqualTo(144);
        }
    }

    @Test
    void garbageWhilePausedIsCountedAndPlayResumesAfterResume() throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            assertThat(api.post(PAUSE, null).json().path("state").asText()).isEqualTo("paused");

            sendChunks(publisher, random(50_000, 22), 2500);
            assertThat(Waits.until(Duration.ofSeconds(10), () -> videoStats().path("garbage_bytes").asLong() > 49_000))
                    .as("stats %s", videoStats()).isTrue();
            assertThat(publisher.isClosed()).isFalse();
            assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo("paused");

            assertThat(api.post(RESUME, null).json().path("state").asText()).isEqualTo("running");
            assertPlays(publisher, RED);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static byte[] ts(Colour colour) {
        return TestMedia.mpeg1Ts(colour.name(), 320, 240, 30, 2);
    }

    /** Sends 2 s of {@code colour} on {@code publisher} and checks a new feed viewer decodes it. Returns chunks sent. */
    private int assertPlays(WsClient publisher, Colour colour) throws Exception {
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED)) {
            int chunks = sendPaced(publisher, ts(colour), 2, new Random(colour.name().hashCode()));
            assertThat(viewer.awaitColour(colour.yuv(), PLAY_LIMIT)).as("%s on the feed; %d pictures, last %s; status %s",
                    colour, viewer.pictures().size(), viewer.last(), api.get(STATUS).body()).isTrue();
            return chunks;
        }
    }

    /** A new publisher (once the path is free) plays {@code colour}. */
    private void assertNewPublisherPlays(Colour colour) throws Exception {
        try (WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            assertPlays(publisher, colour);
        }
    }

    /** Pushes {@code ts} and returns the first picture (with pixels) that shows {@code colour} at its centre. */
    private FeedViewerClient.Picture playAndCapture(byte[] ts, Colour colour) throws Exception {
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FEED, 200);
                WsClient publisher = connectPublisher(httpServer.port(), VIDEO, Duration.ofSeconds(20))) {
            sendPaced(publisher, ts, 3, new Random(23));
            FeedViewerClient.Picture picture = viewer.await(p -> p.hasPixels() && p.looks(colour.yuv(), 12), PLAY_LIMIT);
            assertThat(picture).as("%s on the feed; last %s", colour, viewer.last()).isNotNull();
            return picture;
        }
    }

    private static void looksLike(int[] yuv, Colour colour) {
        for (int i = 0; i < 3; i++) {
            assertThat(Math.abs(yuv[i] - colour.yuv()[i])).as("YUV %s vs %s", Arrays.toString(yuv),
                    Arrays.toString(colour.yuv())).isLessThanOrEqualTo(16);
        }
    }

    private Thread sendInBackground(WsClient publisher, byte[] ts) {
        Thread thread = new Thread(() -> {
            try {
                sendPaced(publisher, ts, 10, new Random(24));
            } catch (RuntimeException closed) {
                // the gateway closed the socket
            }
        }, "background-publisher");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * {@code stat} is exactly {@code expected}, once the media socket's worker has counted every chunk sent (a colour
     * can show on the feed before the last chunks are counted).
     */
    private void assertVideoStat(String stat, long expected) throws InterruptedException {
        Waits.until(Duration.ofSeconds(10), () -> videoStats().path(stat).asLong() >= expected);
        assertThat(videoStats().path(stat).asLong()).as("%s, stats %s", stat, videoStats()).isEqualTo(expected);
    }

    private JsonNode videoStats() {
        return api.get(STATUS).json().path("stats").path("video");
    }

    private String lastError() {
        JsonNode error = api.get(STATUS).json().path("last_error");
        return error.isNull() || error.isMissingNode() ? null : error.asText();
    }
}
