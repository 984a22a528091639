package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Chunking and AMF0, byte-level: compressed headers, extended timestamps, chunk size changes, abort, split input. */
class ChunkCodecTest {

    private final List<RtmpMessage> decoded = new ArrayList<>();
    private final ChunkDecoder decoder = new ChunkDecoder(1024 * 1024, decoded::add);

    @Test
    void largeMessageWithExtendedTimestampSurvivesAnySplitOfTheInput() {
        byte[] payload = new byte[10_000];
        new Random(1).nextBytes(payload);
        long timestamp = 0x1234_5678L;
        Buffer wire = ChunkEncoder.encode(new RtmpMessage(RtmpMessage.VIDEO, timestamp, 1, Buffer.buffer(payload)), 128);
        for (int i = 0; i < wire.length(); i += 7) { // arrives 7 bytes at a time
            decoder.feed(wire.getBuffer(i, Math.min(wire.length(), i + 7)));
        }
        assertThat(decoded).hasSize(1);
        assertThat(decoded.get(0).timestamp()).isEqualTo(timestamp);
        assertThat(decoded.get(0).streamId()).isEqualTo(1);
        assertThat(decoded.get(0).payload().getBytes()).isEqualTo(payload);
    }

    @Test
    void compressedHeadersInheritAndAddDeltas() {
        Buffer wire = Buffer.buffer()
                .appendByte((byte) 0x04).appendMedium(1000).appendMedium(3).appendByte((byte) 8).appendIntLE(1).appendBytes(new byte[] {1, 2, 3})
                .appendByte((byte) 0x84).appendMedium(20).appendBytes(new byte[] {4, 5, 6})         // type 2: +20
                .appendByte((byte) 0xC4).appendBytes(new byte[] {7, 8, 9})                          // type 3: +20 again
                .appendByte((byte) 0x44).appendMedium(40).appendMedium(2).appendByte((byte) 9).appendBytes(new byte[] {1, 2}); // type 1
        decoder.feed(wire);
        assertThat(decoded).extracting(RtmpMessage::timestamp).containsExactly(1000L, 1020L, 1040L, 1080L);
        assertThat(decoded).extracting(RtmpMessage::type).containsExactly(8, 8, 8, 9);
        assertThat(decoded).extracting(RtmpMessage::streamId).containsOnly(1);
        assertThat(decoded.get(2).payload().getBytes()).containsExactly(7, 8, 9);
    }

    @Test
    void setChunkSizeAppliesToTheNextChunkAndAbortDropsAPartialMessage() {
        decoder.feed(ChunkEncoder.encode(RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, Buffer.buffer().appendInt(4096)), 128));
        byte[] big = new byte[3000];
        decoder.feed(ChunkEncoder.encode(new RtmpMessage(RtmpMessage.AUDIO, 5, 1, Buffer.buffer(big)), 4096));
        assertThat(decoder.chunkSize()).isEqualTo(4096);
        assertThat(decoded).extracting(RtmpMessage::type).containsExactly(RtmpMessage.SET_CHUNK_SIZE, RtmpMessage.AUDIO);

        decoder.feed(ChunkEncoder.encode(RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, Buffer.buffer().appendInt(100)), 4096));
        Buffer partial = ChunkEncoder.encode(new RtmpMessage(RtmpMessage.VIDEO, 0, 1, Buffer.buffer(new byte[300])), 100, 6);
        decoder.feed(partial.getBuffer(0, 12 + 100)); // first chunk only
        decoder.feed(ChunkEncoder.encode(RtmpMessage.control(RtmpMessage.ABORT, Buffer.buffer().appendInt(6)), 100));
        decoder.feed(ChunkEncoder.encode(new RtmpMessage(RtmpMessage.VIDEO, 0, 1, Buffer.buffer(new byte[] {9})), 100, 6));
        assertThat(decoded.get(decoded.size() - 1).payload().getBytes()).containsExactly(9);
    }

    @Test
    void emptyMessageAndThreeByteChunkStreamIds() {
        decoder.feed(ChunkEncoder.encode(new RtmpMessage(RtmpMessage.DATA_AMF0, 0, 1, Buffer.buffer()), 128, 70));
        decoder.feed(ChunkEncoder.encode(new RtmpMessage(RtmpMessage.DATA_AMF0, 0, 1, Buffer.buffer(new byte[200])), 128, 1000));
        assertThat(decoded).extracting(m -> m.payload().length()).containsExactly(0, 200);
    }

    @Test
    void keyFramesAndSequenceHeadersIncludingEnhancedRtmp() {
        assertThat(video(0x17, 0).isSequenceHeader()).isTrue();   // AVC key frame, packet type 0
        assertThat(video(0x17, 1).isSequenceHeader()).isFalse();
        assertThat(video(0x17, 1).isKeyFrame()).isTrue();
        assertThat(video(0x27, 1).isKeyFrame()).isFalse();
        assertThat(video(0x90, 0).isSequenceHeader()).isTrue();   // enhanced: key frame, SequenceStart
        assertThat(video(0x91, 0).isKeyFrame()).isTrue();         // enhanced: key frame, CodedFrames
        assertThat(video(0x91, 0).isSequenceHeader()).isFalse();
        assertThat(video(0xA1, 0).isKeyFrame()).isFalse();        // enhanced: inter frame
        RtmpMessage aacConfig = new RtmpMessage(RtmpMessage.AUDIO, 0, 1, Buffer.buffer(new byte[] {(byte) 0xAF, 0, 0x12}));
        RtmpMessage aacFrame = new RtmpMessage(RtmpMessage.AUDIO, 0, 1, Buffer.buffer(new byte[] {(byte) 0xAF, 1, 0x12}));
        assertThat(aacConfig.isSequenceHeader()).isTrue();
        assertThat(aacFrame.isSequenceHeader()).isFalse();
    }

    private static RtmpMessage video(int first, int second) {
        return new RtmpMessage(RtmpMessage.VIDEO, 0, 1, Buffer.buffer(new byte[] {(byte) first, (byte) second, 0}));
    }

    @Test
    void amf0RoundTrip() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("app", "live");
        object.put("n", 3.5);
        object.put("flag", true);
        object.put("none", null);
        object.put("list", List.of("a", 1.0));
        List<Object> values = Amf0.decodeAll(Amf0.encode("connect", 1.0, object));
        assertThat(values).containsExactly("connect", 1.0, object);
    }

    @Test
    void amf0EcmaArrayAndTruncation() {
        Buffer ecma = Buffer.buffer().appendByte((byte) 0x08).appendInt(1).appendUnsignedShort(5).appendString("width")
                .appendByte((byte) 0).appendDouble(640).appendUnsignedShort(0).appendByte((byte) 0x09);
        assertThat(Amf0.decodeAll(ecma)).containsExactly(Map.of("width", 640.0));
        assertThatThrownBy(() -> Amf0.decodeAll(ecma.getBuffer(0, ecma.length() - 3))).isInstanceOf(RtmpProtocolException.class);
    }
}
