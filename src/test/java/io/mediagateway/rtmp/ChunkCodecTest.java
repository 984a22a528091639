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
    void memoryFollowsTheBytesThatArrivedNotTheDeclaredLength() {
        int declared = 4 * 1024 * 1024;
        ChunkDecoder hostile = new ChunkDecoder(declared, decoded::add);
        byte[] payload = new byte[declared];
        new Random(2).nextBytes(payload);
        Buffer wire = ChunkEncoder.encode(new RtmpMessage(RtmpMessage.VIDEO, 0, 1, Buffer.buffer(payload)), 128, 4);
        Buffer other = ChunkEncoder.encode(new RtmpMessage(RtmpMessage.VIDEO, 0, 1, Buffer.buffer(new byte[declared])), 128, 5);
        hostile.feed(wire.getBuffer(0, 12 + 128));  // header declaring 4 MiB + one chunk, on two chunk streams
        hostile.feed(other.getBuffer(0, 12 + 128));
        assertThat(hostile.heldBytes()).isEqualTo(256);
        assertThat(hostile.allocatedBytes()).as("two declared 4 MiB messages cost their first chunks, not 8 MiB")
                .isLessThan(16 * 1024);

        int half = 12 + 128 + (declared / 2 / 128 - 1) * 129; // the first half of the message, in whole chunks
        hostile.feed(wire.getBuffer(12 + 128, half));
        assertThat(hostile.heldBytes()).isEqualTo(declared / 2 + 128);
        assertThat(hostile.allocatedBytes()).as("grown by doubling, at most twice what arrived")
                .isLessThanOrEqualTo(2L * hostile.heldBytes() + 4096);
        hostile.feed(wire.getBuffer(half, wire.length()));
        assertThat(decoded).hasSize(1);
        assertThat(decoded.get(0).payload().getBytes()).isEqualTo(payload);
        assertThat(hostile.heldBytes()).as("the delivered message is no longer held").isEqualTo(128);
        hostile.release();
    }

    @Test
    void unparsedInputAndAbortedMessagesAreCountedAndReleased() {
        decoder.feed(ChunkEncoder.encode(RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, Buffer.buffer().appendInt(65536)), 128));
        Buffer wire = ChunkEncoder.encode(new RtmpMessage(RtmpMessage.AUDIO, 0, 1, Buffer.buffer(new byte[100_000])), 65536, 6);
        decoder.feed(wire.getBuffer(0, 12 + 1000)); // a chunk of 64 KiB has begun: its header and 1000 bytes wait unparsed
        assertThat(decoder.heldBytes()).isEqualTo(12 + 1000);
        decoder.feed(wire.getBuffer(12 + 1000, 12 + 65536)); // the first chunk is complete: now part of a message
        assertThat(decoder.heldBytes()).isEqualTo(65536);
        decoder.feed(ChunkEncoder.encode(RtmpMessage.control(RtmpMessage.ABORT, Buffer.buffer().appendInt(6)), 65536));
        assertThat(decoder.heldBytes()).isZero();
        assertThat(decoder.allocatedBytes()).as("the input buffer shrank back after the large chunk").isLessThanOrEqualTo(4096);
    }

    @Test
    void aConnectionHoldsAtMostTwoMaximalMessages() {
        ChunkDecoder small = new ChunkDecoder(64 * 1024, decoded::add);
        for (int csid = 4; csid <= 5; csid++) { // two maximal messages but for their last chunk: allowed
            Buffer wire = ChunkEncoder.encode(new RtmpMessage(RtmpMessage.VIDEO, 0, 1, Buffer.buffer(new byte[64 * 1024])), 128, csid);
            small.feed(wire.getBuffer(0, wire.length() - 129));
        }
        assertThat(small.heldBytes()).isEqualTo(2 * (64 * 1024 - 128));
        Buffer third = ChunkEncoder.encode(new RtmpMessage(RtmpMessage.VIDEO, 0, 1, Buffer.buffer(new byte[1000])), 128, 6);
        assertThatThrownBy(() -> small.feed(third.getBuffer(0, 500)))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("max-message-bytes");
        small.release();
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
