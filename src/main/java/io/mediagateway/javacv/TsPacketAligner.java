package io.mediagateway.javacv;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Turns arbitrary chunks into whole 188-byte MPEG-TS packets, whatever the chunking. A packet goes out only once the
 * sync byte of the packet after it has been seen (so the last one of a burst waits for the next chunk): in sync, one
 * following sync byte confirms it; out of sync, two must (a lone 0x47 in garbage is common, two 188 bytes apart lined
 * up with a third is not). When a packet's successor is not a sync byte, either it was cut short (a confirmed packet
 * starts inside it: the stub is dropped) or garbage follows it (it is kept). Everything dropped is counted. FFmpeg
 * then only ever sees valid packets, so random bytes, truncated chunks and interleaved junk cannot derail it.
 */
public final class TsPacketAligner {

    public static final int PACKET = 188;
    private static final byte SYNC = 0x47;
    private static final int WAIT = -1;
    private static final int NONE = -2;

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
        int len = data.length;
        ByteArrayOutputStream packets = new ByteArrayOutputStream(len);
        int i = 0;
        while (len - i >= PACKET) {
            if (data[i] != SYNC) {
                garbage++;
                i++;
                inSync = false;
                continue;
            }
            if (inSync) {
                if (len - i <= PACKET) {
                    break; // its successor is not here yet
                }
                if (data[i + PACKET] == SYNC) {
                    packets.write(data, i, PACKET);
                    i += PACKET;
                    continue;
                }
                int restart = confirmedSyncInside(data, i, len);
                if (restart == WAIT) {
                    break;
                }
                if (restart == NONE) { // a whole packet, then garbage
                    packets.write(data, i, PACKET);
                    i += PACKET;
                    inSync = false;
                } else { // cut short: a packet starts inside it
                    garbage += restart - i;
                    i = restart;
                }
                continue;
            }
            boolean seenNext = len - i > PACKET;
            boolean seenBoth = len - i > 2 * PACKET;
            if (seenNext && data[i + PACKET] != SYNC || seenBoth && data[i + 2 * PACKET] != SYNC) {
                garbage++;
                i++;
            } else if (seenBoth) {
                packets.write(data, i, PACKET);
                i += PACKET;
                inSync = true;
            } else {
                break; // not contradicted, not confirmed: wait for more
            }
        }
        pending = Arrays.copyOfRange(data, i, len);
        return packets.toByteArray();
    }

    /**
     * The input has ended: a packet still waiting for its successor goes out when the stream was in sync (nothing can
     * contradict it any more); whatever else is held back is garbage.
     */
    public byte[] flush() {
        byte[] out = new byte[0];
        int rest = pending.length;
        if (inSync && pending.length >= PACKET && pending[0] == SYNC) {
            out = Arrays.copyOf(pending, PACKET);
            rest -= PACKET;
        }
        garbage += rest;
        pending = new byte[0];
        inSync = false;
        return out;
    }

    /** A position inside the packet at {@code i} where a confirmed packet starts; WAIT when undecidable yet; NONE. */
    private static int confirmedSyncInside(byte[] data, int i, int len) {
        for (int k = i + 1; k < i + PACKET; k++) {
            if (data[k] == SYNC) {
                if (k + PACKET >= len) {
                    return WAIT;
                }
                if (data[k + PACKET] == SYNC) {
                    return k;
                }
            }
        }
        return NONE;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
