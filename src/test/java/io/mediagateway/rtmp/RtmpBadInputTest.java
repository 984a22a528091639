package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import io.mediagateway.support.Waits;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed handshakes, chunks and AMF close only the connection that sent them: a publisher connected the whole
 * time keeps publishing, a new client is served, and no connection is left behind.
 */
class RtmpBadInputTest {

    private static final int MAX_MESSAGE = 64 * 1024;
    private static RtmpTestServer rtmp;
    private static RtmpTestClient publisher;

    @BeforeAll
    static void start() throws Exception {
        rtmp = new RtmpTestServer(settings -> {
            settings.setMaxMessageBytes(MAX_MESSAGE);
            // short, so the silent cases end soon; long enough for the good clients' handshake and connect on a busy
            // machine (1 s was not: the first connection also loads the classes)
            settings.setConnectTimeout(Duration.ofSeconds(5));
        });
        publisher = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
        assertThat(publisher.publish("steady")).isEqualTo("NetStream.Publish.Start");
    }

    @AfterAll
    static void stop() throws Exception {
        publisher.close();
        rtmp.close();
    }

    enum Stage { RAW, AFTER_HANDSHAKE, AFTER_CONNECT }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("HTTP request instead of a handshake", Stage.RAW, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("RTMPE version byte", Stage.RAW, concat(new byte[] {6}, new byte[1536])),
                Arguments.of("truncated handshake (C0 + part of C1, then silence)", Stage.RAW, concat(new byte[] {3}, new byte[100])),
                Arguments.of("handshake, then silence (no connect)", Stage.AFTER_HANDSHAKE, new byte[0]),
                Arguments.of("message length over max-message-bytes", Stage.AFTER_HANDSHAKE, header(0, 3, 0, MAX_MESSAGE + 1, RtmpMessage.VIDEO, 1)),
                Arguments.of("message length 16 MiB - 1", Stage.AFTER_HANDSHAKE, header(0, 3, 0, 0xFFFFFF, RtmpMessage.COMMAND_AMF0, 0)),
                Arguments.of("first chunk on a chunk stream with a type 1 header", Stage.AFTER_HANDSHAKE, new byte[] {0x43, 0, 0, 0, 0, 0, 10, 20}),
                Arguments.of("first chunk on a chunk stream with a type 3 header", Stage.AFTER_HANDSHAKE, new byte[] {(byte) 0xC5, 1, 2, 3}),
                Arguments.of("set chunk size 0", Stage.AFTER_HANDSHAKE, message(RtmpMessage.SET_CHUNK_SIZE, Buffer.buffer().appendInt(0))),
                Arguments.of("set chunk size over max-message-bytes", Stage.AFTER_HANDSHAKE, message(RtmpMessage.SET_CHUNK_SIZE, Buffer.buffer().appendInt(MAX_MESSAGE + 1))),
                Arguments.of("set chunk size negative", Stage.AFTER_HANDSHAKE, message(RtmpMessage.SET_CHUNK_SIZE, Buffer.buffer().appendInt(-5))),
                Arguments.of("command that is not AMF0", Stage.AFTER_HANDSHAKE, message(RtmpMessage.COMMAND_AMF0, Buffer.buffer(new byte[] {(byte) 0xFF, 1, 2, 3}))),
                Arguments.of("AMF0 string longer than the message", Stage.AFTER_HANDSHAKE, message(RtmpMessage.COMMAND_AMF0, Buffer.buffer(new byte[] {2, 0x7F, (byte) 0xFF, 'c'}))),
                Arguments.of("AMF0 strict array claiming 2^31 items", Stage.AFTER_CONNECT, message(RtmpMessage.COMMAND_AMF0,
                        Amf0.encode("play", 0.0, null).appendByte((byte) 0x0A).appendInt(Integer.MAX_VALUE))),
                Arguments.of("AMF0 objects nested 100 deep", Stage.AFTER_CONNECT, message(RtmpMessage.COMMAND_AMF0, nested(100))),
                Arguments.of("command without a name", Stage.AFTER_HANDSHAKE, message(RtmpMessage.COMMAND_AMF0, Amf0.encode(1.0, 2.0))),
                Arguments.of("createStream before connect", Stage.AFTER_HANDSHAKE, message(RtmpMessage.COMMAND_AMF0, Amf0.encode("createStream", 2.0, null))),
                Arguments.of("second connect", Stage.AFTER_CONNECT, message(RtmpMessage.COMMAND_AMF0, Amf0.encode("connect", 3.0, java.util.Map.of("app", "x")))),
                Arguments.of("65 chunk streams with unfinished messages", Stage.AFTER_HANDSHAKE, manyChunkStreams(65)),
                Arguments.of("type 0 header inside an unfinished message", Stage.AFTER_HANDSHAKE,
                        concat(header(0, 4, 0, 300, RtmpMessage.AUDIO, 1), new byte[128], header(0, 4, 0, 10, RtmpMessage.AUDIO, 1))),
                Arguments.of("random bytes after the handshake", Stage.AFTER_HANDSHAKE, random(64 * 1024)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void closesOnlyThatConnection(String name, Stage stage, byte[] bytes) throws Exception {
        try (RtmpTestClient bad = RtmpTestClient.open("127.0.0.1", rtmp.port(), null)) {
            if (stage != Stage.RAW) {
                bad.handshake();
            }
            if (stage == Stage.AFTER_CONNECT) {
                bad.connectApp("live");
            }
            try {
                bad.sendRaw(bytes);
            } catch (java.io.IOException closedWhileWriting) {
                // the server may close before it read everything
            }
            assertThat(bad.closedByServer(Duration.ofSeconds(20))).as("server closed the connection").isTrue();
        }
        try (RtmpTestClient good = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
            assertThat(good.play("steady")).isEqualTo("NetStream.Play.Reset");
        }
        assertThat(rtmp.server.streams().isPublished("live/steady")).as("the publisher is undisturbed").isTrue();
        publisher.command("ping-ish", null); // the publisher's connection still works
        assertThat(Waits.until(Duration.ofSeconds(10), () -> rtmp.server.connectionCount() == 1)).as("no connection left behind").isTrue();
    }

    private static byte[] header(int fmt, int csid, long timestamp, int length, int type, int streamId) {
        return Buffer.buffer().appendByte((byte) ((fmt << 6) | csid)).appendMedium((int) timestamp).appendMedium(length)
                .appendByte((byte) type).appendIntLE(streamId).getBytes();
    }

    private static byte[] message(int type, Buffer payload) {
        return ChunkEncoder.encode(new RtmpMessage(type, 0, 0, payload), ChunkDecoder.DEFAULT_CHUNK_SIZE, 3).getBytes();
    }

    private static Buffer nested(int depth) {
        Buffer payload = Amf0.encode("connect", 1.0);
        for (int i = 0; i < depth; i++) {
            payload.appendByte((byte) 0x03).appendUnsignedShort(1).appendString("a");
        }
        return payload.appendByte((byte) 0x05);
    }

    private static byte[] manyChunkStreams(int count) {
        Buffer all = Buffer.buffer();
        for (int csid = 3; csid < 3 + count; csid++) {
            byte[] header = header(0, 0, 0, 1000, RtmpMessage.AUDIO, 1);
            Buffer chunk = Buffer.buffer().appendByte((byte) 0).appendByte((byte) (csid)).appendBytes(header, 1, 11).appendBytes(new byte[ChunkDecoder.DEFAULT_CHUNK_SIZE]);
            all.appendBuffer(chunk);
        }
        return all.getBytes();
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new java.util.Random(42).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        Buffer all = Buffer.buffer();
        for (byte[] part : parts) {
            all.appendBytes(part);
        }
        return all.getBytes();
    }
}
