package io.mediagateway.rtmp;

import io.vertx.core.buffer.Buffer;

/**
 * Splits messages into chunks. Every message starts with a full (type 0) header and continues with type 3 headers:
 * a few bytes more than delta headers, but the bytes depend only on the message, so one encoding of a media message
 * is written to every player as is.
 */
public final class ChunkEncoder {

    /** Chunk stream ids, as the usual servers use them. */
    public static final int CONTROL_CSID = 2;
    public static final int COMMAND_CSID = 3;
    public static final int AUDIO_CSID = 4;
    public static final int DATA_CSID = 5;
    public static final int VIDEO_CSID = 6;

    private static final long EXTENDED = 0xFFFFFF;

    private ChunkEncoder() {
    }

    public static Buffer encode(RtmpMessage message, int chunkSize) {
        return encode(message, chunkSize, csidFor(message.type()));
    }

    public static Buffer encode(RtmpMessage message, int chunkSize, int csid) {
        Buffer payload = message.payload();
        int length = payload.length();
        long timestamp = message.timestamp() & 0xFFFFFFFFL;
        boolean extended = timestamp >= EXTENDED;
        Buffer out = Buffer.buffer(length + 16 + (length / chunkSize) * 5);
        basicHeader(out, 0, csid);
        out.appendMedium((int) (extended ? EXTENDED : timestamp))
                .appendMedium(length)
                .appendByte((byte) message.type())
                .appendIntLE(message.streamId());
        if (extended) {
            out.appendUnsignedInt(timestamp);
        }
        int offset = 0;
        do {
            if (offset > 0) {
                basicHeader(out, 3, csid);
                if (extended) {
                    out.appendUnsignedInt(timestamp);
                }
            }
            int n = Math.min(chunkSize, length - offset);
            out.appendBuffer(payload, offset, n);
            offset += n;
        } while (offset < length);
        return out;
    }

    private static int csidFor(int type) {
        return switch (type) {
            case RtmpMessage.AUDIO -> AUDIO_CSID;
            case RtmpMessage.VIDEO -> VIDEO_CSID;
            case RtmpMessage.DATA_AMF0, RtmpMessage.DATA_AMF3 -> DATA_CSID;
            case RtmpMessage.COMMAND_AMF0, RtmpMessage.COMMAND_AMF3 -> COMMAND_CSID;
            default -> CONTROL_CSID;
        };
    }

    private static void basicHeader(Buffer out, int fmt, int csid) {
        if (csid < 64) {
            out.appendByte((byte) ((fmt << 6) | csid));
        } else if (csid < 320) {
            out.appendByte((byte) (fmt << 6)).appendByte((byte) (csid - 64));
        } else {
            out.appendByte((byte) ((fmt << 6) | 1)).appendUnsignedShortLE(csid - 64);
        }
    }
}
