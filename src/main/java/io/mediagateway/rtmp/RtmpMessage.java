package io.mediagateway.rtmp;

import io.vertx.core.buffer.Buffer;

/** One complete RTMP message (all its chunks joined). Timestamps are in milliseconds, 32-bit wrapping. */
public record RtmpMessage(int type, long timestamp, int streamId, Buffer payload) {

    public static final int SET_CHUNK_SIZE = 1;
    public static final int ABORT = 2;
    public static final int ACKNOWLEDGEMENT = 3;
    public static final int USER_CONTROL = 4;
    public static final int WINDOW_ACK_SIZE = 5;
    public static final int SET_PEER_BANDWIDTH = 6;
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int DATA_AMF3 = 15;
    public static final int COMMAND_AMF3 = 17;
    public static final int DATA_AMF0 = 18;
    public static final int COMMAND_AMF0 = 20;

    /** User control events (message type 4). */
    public static final int STREAM_BEGIN = 0;
    public static final int STREAM_EOF = 1;
    public static final int PING_REQUEST = 6;
    public static final int PING_RESPONSE = 7;

    public boolean isVideo() {
        return type == VIDEO;
    }

    public boolean isAudio() {
        return type == AUDIO;
    }

    /**
     * FLV video tag: frame type 1 is a key frame (the sequence header is one too; see {@link #isSequenceHeader}).
     * Enhanced RTMP (HEVC/AV1/VP9 from OBS 30+) sets bit 7 and keeps the frame type in bits 4-6.
     */
    public boolean isKeyFrame() {
        return type == VIDEO && payload.length() > 0 && ((payload.getUnsignedByte(0) >> 4) & 0x07) == 1;
    }

    /**
     * Decoder configuration: AVC/HEVC packet type 0, Enhanced RTMP PacketTypeSequenceStart (0), or AAC
     * AudioSpecificConfig (audio format 10, packet type 0) — what a decoder needs before any frame, so late players
     * get the latest one first.
     */
    public boolean isSequenceHeader() {
        if (payload.length() < 2) {
            return false;
        }
        int first = payload.getUnsignedByte(0);
        if (type == VIDEO) {
            if ((first & 0x80) != 0) {
                return (first & 0x0F) == 0;
            }
            int codec = first & 0x0F;
            return (codec == 7 || codec == 12) && payload.getUnsignedByte(1) == 0;
        }
        return type == AUDIO && (first >> 4) == 10 && payload.getUnsignedByte(1) == 0;
    }

    public static RtmpMessage control(int type, Buffer payload) {
        return new RtmpMessage(type, 0, 0, payload);
    }

    public static RtmpMessage userControl(int event, int value) {
        return control(USER_CONTROL, Buffer.buffer(6).appendUnsignedShort(event).appendInt(value));
    }
}
