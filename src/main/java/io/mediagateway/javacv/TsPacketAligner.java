package io.mediagateway.javacv;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Turns arbitrary chunks into whole 188-byte MPEG-TS packets. A packet is trusted when it starts with the sync byte
 * and the next packet does too (or, at the end of the data, when the stream is already in sync); anything else is
 * garbage, skipped a byte at a time until sync is found again, and counted. FFmpeg then only ever sees valid packets,
 * so random bytes, truncated chunks and interleaved junk cannot derail it.
 */
public final class TsPacketAligner {

    public static final int PACKET = 188;
    private static final byte SYNC = 0x47;

    private byte[] pending = new byte[0];
    private boolean inSync;
    private long garbage;

    /** Bytes skipped as not-TS so far. */
    public long garbageBytes() {
        return garbage;
    }

    /** The whole packets that {@code chunk} completes (possibly none). */
    public byte[] push(byte[] chunk) {
        byte[] data = pending.length == 0 ? chunk : concat(pending, chunk);
        ByteArrayOutputStream packets = new ByteArrayOutputStream(data.length);
        int i = 0;
        while (data.length - i >= PACKET) {
            boolean nextKnown = data.length - i >= 2 * PACKET;
            boolean packetHere = data[i] == SYNC && (nextKnown ? data[i + PACKET] == SYNC : inSync);
            if (packetHere) {
                packets.write(data, i, PACKET);
                i += PACKET;
                inSync = true;
            } else if (data[i] == SYNC && !nextKnown) {
                break; // cannot confirm this packet yet: wait for the next chunk
            } else {
                inSync = false;
                garbage++;
                i++;
            }
        }
        pending = Arrays.copyOfRange(data, i, data.length);
        return packets.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
