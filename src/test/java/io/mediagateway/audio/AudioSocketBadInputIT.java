package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on the audio socket never crashes anything: each case gets its exact outcome (counted garbage, decode
 * errors, ignored text, a 409 or a close code), the gateway stays healthy, and valid MP3 sent afterwards still
 * decodes. (Configuring socket audio with no PulseAudio at all, 503, is {@link AudioWithoutPulseAudioTest}.)
 */
class AudioSocketBadInputIT extends AudioIngestITSupport {

    private static final byte[] MP3 = TestAudio.mp3Tone440(Duration.ofSeconds(2));
    private static final byte[] MP3_24K_MONO = TestAudio.mp3Tone(1000, 24_000, 1, 32, Duration.ofSeconds(2));
    private static final int LIMIT = MAX_MESSAGE_BYTES;
    /** Up to 3 trailing bytes may be the start of a frame header: they wait for the next chunk to be decided. */
    private static final int UNDECIDED = 3;

    /** One case: what the publisher does, and what must come of it (asserted inside). */
    record Case(String name, Step step) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Step {
        void run(AudioSocketBadInputIT test, WsClient ws) throws Exception;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("random bytes", (t, ws) -> {
                    byte[] random = new byte[64 * 1024];
                    new Random(42).nextBytes(random);
                    ws.sendBinary(random);
                    JsonNode stats = t.statsAfter(1);
                    assertThat(stats.path("garbage_bytes").asLong()).isGreaterThan(random.length * 99L / 100);
                    assertThat(t.status().path("last_error").asText()).contains("not MP3");
                }),
                new Case("zeros", (t, ws) -> {
                    ws.sendBinary(new byte[16 * 1024]);
                    assertThat(t.statsAfter(1).path("garbage_bytes").asLong()).isEqualTo(16 * 1024);
                }),
                new Case("JSON text sent as a binary frame", (t, ws) -> {
                    byte[] json = "{\"type\":\"audio\",\"data\":\"aGVsbG8=\"}".getBytes(StandardCharsets.UTF_8);
                    ws.sendBinary(json);
                    assertThat(t.statsAfter(1).path("garbage_bytes").asLong()).isEqualTo(json.length);
                }),
                new Case("WAV instead of MP3", (t, ws) -> {
                    byte[] wav = TestAudio.wavTone(440, Duration.ofMillis(500));
                    ws.sendBinary(wav);
                    JsonNode stats = t.statsAfter(1);
                    assertThat(stats.path("garbage_bytes").asLong()).isBetween((long) wav.length - UNDECIDED, (long) wav.length);
                    assertThat(stats.path("decoded_ms").asLong()).isZero();
                    assertThat(t.status().path("last_error").asText()).contains("not MP3").contains("Send MP3");
                }),
                new Case("Ogg/Opus instead of MP3", (t, ws) -> {
                    byte[] ogg = TestAudio.opusTone(440, Duration.ofMillis(500));
                    ws.sendBinary(ogg);
                    JsonNode stats = t.statsAfter(1);
                    assertThat(stats.path("garbage_bytes").asLong()).isGreaterThan(ogg.length * 95L / 100);
                    assertThat(stats.path("decoded_ms").asLong()).isLessThan(100);
                }),
                new Case("MP2 (layer II) instead of MP3", (t, ws) -> {
                    byte[] mp2 = TestAudio.mp2Tone(440, Duration.ofMillis(500));
                    ws.sendBinary(mp2);
                    JsonNode stats = t.statsAfter(1);
                    assertThat(stats.path("garbage_bytes").asLong()).isBetween((long) mp2.length - UNDECIDED, (long) mp2.length);
                    assertThat(stats.path("decoded_ms").asLong()).isZero();
                }),
                new Case("fake sync words", (t, ws) -> {
                    byte[] fake = new byte[8192];
                    for (int i = 0; i < fake.length; i += 2) {
                        fake[i] = (byte) 0xFF;
                        fake[i + 1] = (byte) 0xFB;
                    }
                    ws.sendBinary(fake);
                    assertThat(t.statsAfter(1).path("garbage_bytes").asLong()).isBetween((long) fake.length - UNDECIDED, (long) fake.length);
                }),
                new Case("garbage between MP3 frames", (t, ws) -> {
                    byte[] junk = "-- not audio --".getBytes(StandardCharsets.US_ASCII);
                    int cut = 384 * 20 + 1234; // lands inside a frame: the junk splits it
                    ws.sendBinary(concat(Arrays.copyOf(MP3, cut), junk, Arrays.copyOfRange(MP3, cut, MP3.length)));
                    JsonNode stats = t.statsAfter(1);
                    assertThat(stats.path("garbage_bytes").asLong()).isPositive().isLessThan(2 * 384 + junk.length + 1);
                    assertThat(stats.path("decoded_ms").asLong()).isGreaterThan(1900);
                }),
                new Case("truncated MP3, then a fresh stream", (t, ws) -> {
                    ws.sendBinary(Arrays.copyOf(MP3, MP3.length / 2 + 100));
                    ws.sendBinary(MP3);
                    JsonNode stats = t.statsAfter(2);
                    assertThat(stats.path("decoded_ms").asLong()).isGreaterThan(2900);
                    assertThat(stats.path("garbage_bytes").asLong()).isLessThan(400);
                }),
                new Case("corrupted frame payloads", (t, ws) -> {
                    ws.sendBinary(scrambleEveryFifthFrame(MP3));
                    JsonNode stats = t.statsAfter(1);
                    assertThat(stats.path("decode_errors").asLong()).isPositive();
                    assertThat(stats.path("decoded_ms").asLong()).isGreaterThan(1000);
                    assertThat(t.status().path("last_error").asText()).contains("could not be decoded");
                }),
                new Case("an ID3 tag in the middle of the stream", (t, ws) -> {
                    ws.sendBinary(concat(MP3, id3(2000), MP3));
                    JsonNode stats = t.statsAfter(1);
                    assertThat(stats.path("garbage_bytes").asLong()).isZero();
                    assertThat(stats.path("decoded_ms").asLong()).isGreaterThan(3900);
                }),
                new Case("sample rate and channels change mid-connection", (t, ws) -> {
                    ws.sendBinary(MP3);
                    ws.sendBinary(MP3_24K_MONO);
                    JsonNode stats = t.statsAfter(2);
                    assertThat(stats.path("decoded_ms").asLong()).isGreaterThan(3900);
                    assertThat(stats.path("decode_errors").asLong()).isZero();
                }),
                new Case("1-byte chunks", (t, ws) -> {
                    byte[] part = Arrays.copyOf(MP3, 20 * 384);
                    for (byte b : part) {
                        ws.sendBinary(new byte[] {b});
                    }
                    JsonNode stats = t.statsAfter(part.length);
                    assertThat(stats.path("decoded_ms").asLong()).isGreaterThan(400);
                    assertThat(stats.path("garbage_bytes").asLong()).isZero();
                }),
                new Case("empty binary frame", (t, ws) -> {
                    ws.sendBinary(new byte[0]);
                    JsonNode stats = t.statsAfter(1);
                    assertThat(stats.path("garbage_bytes").asLong()).isZero();
                    assertThat(t.status().has("last_error")).isFalse();
                }),
                new Case("text frames are ignored", (t, ws) -> {
                    ws.sendText("hello");
                    ws.sendText("{\"format\":\"mp3\"}");
                    Thread.sleep(300);
                    JsonNode stats = t.status().path("stats").path("audio");
                    assertThat(stats.path("chunks_in").asLong()).isZero();
                    assertThat(ws.isClosed()).isFalse();
                    assertThat(t.status().has("last_error")).isFalse();
                }),
                new Case("text and binary frames interleaved", (t, ws) -> {
                    for (int i = 0; i < 5; i++) {
                        ws.sendText("ping " + i);
                        ws.sendBinary(Arrays.copyOfRange(MP3, i * MP3.length / 5, (i + 1) * MP3.length / 5));
                    }
                    JsonNode stats = t.statsAfter(5);
                    assertThat(stats.path("decoded_ms").asLong()).isGreaterThan(1900);
                }),
                new Case("a message over the size limit drops the publisher", (t, ws) -> {
                    ws.sendOverLimit(new byte[LIMIT + 1], Duration.ofSeconds(10));
                    assertThat(Waits.until(Duration.ofSeconds(10), () -> t.publishers() == 0)).as("slot released").isTrue();
                    assertThat(t.audioStats().path("chunks_in").asLong()).as("nothing of it reached the decoder").isZero();
                }),
                new Case("a large allowed message: decoded, mostly dropped, never queued", (t, ws) -> {
                    byte[] big = TestAudio.mp3Tone440(Duration.ofSeconds(60)); // ~960 KB, just under the limit
                    assertThat(big.length).isLessThan(LIMIT);
                    ws.sendBinary(big);
                    // chunks_in counts the message before it is decoded: wait for the decode's outcome itself
                    Waits.until(Duration.ofSeconds(10), () -> t.audioStats().path("dropped_ms").asLong() > 58_000);
                    JsonNode stats = t.audioStats();
                    assertThat(stats.path("decoded_ms").asLong()).isGreaterThan(59_000);
                    assertThat(stats.path("dropped_ms").asLong()).isGreaterThan(58_000);
                    assertThat(stats.path("buffer_ms").asLong()).isLessThanOrEqualTo(200);
                }),
                new Case("a second publisher is refused with 409", (t, ws) -> {
                    WsClient.Refusal refusal = WsClient.refused(t.httpServer.port(), AUDIO_SOCKET);
                    assertThat(refusal.status()).isEqualTo(409);
                    ws.sendBinary(MP3);
                    assertThat(t.statsAfter(1).path("decoded_ms").asLong()).isGreaterThan(1900);
                }),
                new Case("the publisher disconnects in the middle of a message", (t, ws) -> {
                    t.hangUp(ws);
                    WebSocket raw = rawPublisher(t.httpServer.port());
                    raw.sendBinary(ByteBuffer.wrap(Arrays.copyOf(MP3, 5000)), false).get(5, TimeUnit.SECONDS);
                    raw.abort();
                    assertThat(Waits.until(Duration.ofSeconds(10), () -> t.publishers() == 0)).as("slot released").isTrue();
                    assertThat(t.audioStats().path("chunks_in").asLong()).as("the partial message is not a chunk").isZero();
                }),
                new Case("the publisher vanishes without a close frame", (t, ws) -> {
                    t.hangUp(ws);
                    WebSocket raw = rawPublisher(t.httpServer.port());
                    raw.sendBinary(ByteBuffer.wrap(MP3), true).get(5, TimeUnit.SECONDS);
                    raw.abort();
                    assertThat(Waits.until(Duration.ofSeconds(10), () -> t.publishers() == 0)).as("slot released").isTrue();
                }),
                new Case("publishers reconnect ten times in a row", (t, ws) -> {
                    t.hangUp(ws);
                    for (int i = 0; i < 10; i++) {
                        try (WsClient again = WsClient.connect(t.httpServer.port(), AUDIO_SOCKET)) {
                            again.sendBinary(Arrays.copyOf(MP3, 4000));
                        }
                        assertThat(Waits.until(Duration.ofSeconds(10), () -> t.publishers() == 0)).isTrue();
                    }
                    assertThat(t.statsAfter(10).path("chunks_in").asLong()).isEqualTo(10);
                }),
                new Case("plain HTTP on the socket path is 426 JSON", (t, ws) -> {
                    ApiClient.Response response = t.api.get(AUDIO_SOCKET);
                    assertThat(response.status()).isEqualTo(426);
                    assertThat(response.message()).contains("WebSocket");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputHasItsOutcomeAndValidAudioStillPlaysAfterIt(Case badInput) throws Exception {
        // the outcomes below are counted against the short buffer of pacing latest (a large message: mostly dropped);
        // pacing timestamps plays such a message whole (AudioSocketPlayoutIT)
        configure("{\"audio\":{\"type\":\"socket\",\"pacing\":\"latest\"}}");
        WsClient ws = publisher();
        try {
            badInput.step().run(this, ws);

            hangUp(ws);
            ws = publisher(); // the slot is free again, whatever the bad publisher did
            long decodedBefore = audioStats().path("decoded_ms").asLong();
            long chunksBefore = audioStats().path("chunks_in").asLong();
            ws.sendBinary(MP3);
            assertThat(Waits.until(Duration.ofSeconds(10),
                    () -> audioStats().path("chunks_in").asLong() > chunksBefore)).isTrue();
            JsonNode after = api.get(STATUS).json();
            assertThat(after.path("state").asText()).isEqualTo("running");
            assertThat(after.path("stats").path("audio").path("decoded_ms").asLong() - decodedBefore)
                    .as("valid MP3 after the bad input decodes").isGreaterThan(1900);
            assertThat(after.path("stats").path("audio").path("sink_state").asText()).isEqualTo("playing");
        } finally {
            ws.close();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** Closes {@code ws} (if it is still open) and waits until the gateway has let the publisher go. */
    void hangUp(WsClient ws) throws InterruptedException {
        ws.close();
        assertThat(Waits.until(Duration.ofSeconds(10), () -> publishers() == 0)).as("publisher released").isTrue();
    }

    JsonNode status() {
        return api.get(STATUS).json();
    }

    int publishers() {
        return audioStats().path("publishers").asInt();
    }

    /** The audio stats once {@code chunks} more chunks than at the start of the case have been processed. */
    JsonNode statsAfter(long chunks) throws InterruptedException {
        Waits.until(Duration.ofSeconds(10), () -> audioStats().path("chunks_in").asLong() >= chunks);
        Thread.sleep(100);
        return audioStats();
    }

    private static WebSocket rawPublisher(int port) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + AUDIO_SOCKET), new WebSocket.Listener() {
                }).get(10, TimeUnit.SECONDS);
    }

    private static byte[] scrambleEveryFifthFrame(byte[] mp3) {
        Mp3FrameScanner scanner = new Mp3FrameScanner();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random random = new Random(3);
        List<Mp3FrameScanner.Frame> frames = scanner.feed(mp3);
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i).data().clone();
            if (i % 5 == 2) {
                for (int b = 4; b < frame.length; b++) {
                    frame[b] = (byte) random.nextInt();
                }
            }
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    private static byte[] id3(int bodySize) {
        byte[] tag = new byte[10 + bodySize];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 3;
        tag[7] = (byte) ((bodySize >> 14) & 0x7F);
        tag[8] = (byte) ((bodySize >> 7) & 0x7F);
        tag[9] = (byte) (bodySize & 0x7F);
        return tag;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
