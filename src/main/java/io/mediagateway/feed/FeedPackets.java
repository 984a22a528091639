package io.mediagateway.feed;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Keeps the feed one continuous MPEG-TS program whichever path its pictures took: the same PAT/PMT as
 * {@link FeedEncoder} writes (FFmpeg's defaults: program 1, PMT PID 0x1000, MPEG video on PID 0x100), passed-through
 * video moved to PID 0x100 with PES stream id 0xE0 (JSMpeg maps a PID to a decoder by that id), and continuity
 * counters renumbered across both paths so a player sees no discontinuity when the feed switches between them.
 * Camera clock thread (or the publisher's, under the camera's emit lock) only.
 */
final class FeedPackets {

    static final int VIDEO_PID = 0x100;
    private static final int PACKET = 188;
    // FFmpeg's mpegts muxer output for one MPEG-1/2 video stream, section by section (CRC included)
    private static final byte[] PAT = packet(0x0000, "00b00d0001c100000001f0002ab104b2");
    private static final byte[] PMT = packet(0x1000, "02b0120001c10000e100f00002e100f0009e8b23d1");

    private final int[] continuity = new int[8192];

    /** PAT and PMT, numbered; what a player needs before a picture it starts at. */
    byte[] program() {
        byte[] out = new byte[2 * PACKET];
        System.arraycopy(PAT, 0, out, 0, PACKET);
        System.arraycopy(PMT, 0, out, PACKET, PACKET);
        renumber(out, 0, out.length);
        return out;
    }

    /** The encoder's TS with continuity counters renumbered (in place). */
    byte[] encoded(byte[] ts) {
        renumber(ts, 0, ts.length);
        return ts;
    }

    /** PAT/PMT, then passed-through video packets moved to the feed's PID and renumbered (a copy). */
    byte[] passthrough(byte[] video, boolean withProgram) {
        int at = withProgram ? 2 * PACKET : 0;
        byte[] out = new byte[at + video.length];
        if (withProgram) {
            System.arraycopy(program(), 0, out, 0, at);
        }
        System.arraycopy(video, 0, out, at, video.length);
        for (int i = at; i + PACKET <= out.length; i += PACKET) {
            out[i + 1] = (byte) (out[i + 1] & 0xe0 | VIDEO_PID >> 8);
            out[i + 2] = (byte) VIDEO_PID;
            int payload = payloadOffset(out, i);
            if ((out[i + 1] & 0x40) != 0 && payload >= 0 && payload + 3 < PACKET && out[i + payload] == 0
                    && out[i + payload + 1] == 0 && out[i + payload + 2] == 1) {
                out[i + payload + 3] = (byte) 0xE0;
            }
        }
        renumber(out, at, out.length);
        return out;
    }

    private void renumber(byte[] ts, int from, int to) {
        for (int i = from; i + PACKET <= to; i += PACKET) {
            if ((ts[i + 3] & 0x10) == 0) {
                continue; // no payload: the counter does not advance
            }
            int pid = (ts[i + 1] & 0x1f) << 8 | ts[i + 2] & 0xff;
            int cc = continuity[pid];
            continuity[pid] = (cc + 1) & 0x0f;
            ts[i + 3] = (byte) (ts[i + 3] & 0xf0 | cc);
        }
    }

    private static int payloadOffset(byte[] ts, int at) {
        int control = (ts[at + 3] >> 4) & 3;
        if ((control & 1) == 0) {
            return -1;
        }
        return 4 + ((control & 2) != 0 ? 1 + (ts[at + 4] & 0xff) : 0);
    }

    private static byte[] packet(int pid, String sectionHex) {
        byte[] section = HexFormat.of().parseHex(sectionHex);
        byte[] packet = new byte[PACKET];
        Arrays.fill(packet, (byte) 0xff);
        packet[0] = 0x47;
        packet[1] = (byte) (0x40 | pid >> 8);
        packet[2] = (byte) pid;
        packet[3] = 0x10;
        packet[4] = 0; // pointer field
        System.arraycopy(section, 0, packet, 5, section.length);
        return packet;
    }
}
