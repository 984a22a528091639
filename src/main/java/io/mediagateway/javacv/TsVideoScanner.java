package io.mediagateway.javacv;

import java.util.Arrays;

/**
 * Reads what a publisher's MPEG-TS carries, packet by packet, without decoding: the PAT and PMT (which PID is the
 * video, of which stream type), and in the video's elementary stream the start codes that matter for MPEG-1
 * passthrough: sequence headers (size, frame rate, and whether an MPEG-2 sequence_extension follows) and pictures.
 * Tables are expected whole in one packet (they are tiny); every packet given must be a whole, sync-checked one
 * (see {@link TsPacketAligner}).
 */
final class TsVideoScanner {

    enum Kind { PAT, PMT, VIDEO, OTHER }

    /** A sequence header: size, MPEG frame_rate_code, and whether it is MPEG-2 (sequence_extension after it). */
    record Sequence(int width, int height, int frameRateCode, boolean mpeg2) {
    }

    static final int STREAM_MPEG1 = 0x01;
    static final int STREAM_MPEG2 = 0x02;
    private static final int[] VIDEO_TYPES = {0x01, 0x02, 0x10, 0x1B, 0x24, 0x42, 0xD1, 0xEA};

    private int pmtPid = -1;
    private int videoPid = -1;
    private int videoType = -1;
    private byte[] streams = new byte[0];
    private boolean pmtChanged;

    // start code scanning across packets
    private int zeros;
    private boolean codeNext;
    private int code = -1;
    private final byte[] codeBytes = new byte[4];
    private int codeBytesSeen;
    private boolean sequencePending;
    private int seqW;
    private int seqH;
    private int seqRate;

    // what the last video packet held
    private int pictures;
    private Sequence sequence;
    private boolean sequenceStartsHere;

    int videoPid() { return videoPid; }
    int videoType() { return videoType; }
    /** Whether a PMT with video has been seen (so a decision about the video path can be made). */
    boolean knowsVideo() { return videoPid >= 0; }
    /** Whether a PMT has been seen at all. */
    boolean knowsProgram() { return pmtPid >= 0 && streams.length > 0; }
    /** True once after a PMT whose streams differ from the previous one. */
    boolean takePmtChange() {
        boolean changed = pmtChanged;
        pmtChanged = false;
        return changed;
    }
    /** Picture start codes that began in the last video packet. */
    int pictures() { return pictures; }
    /** The sequence header completed in the last video packet, or null. */
    Sequence sequence() { return sequence; }
    /** Whether the last video packet starts a PES whose payload begins a sequence header (a place to join). */
    boolean sequenceStartsHere() { return sequenceStartsHere; }

    static boolean payloadStart(byte[] ts, int at) {
        return (ts[at + 1] & 0x40) != 0;
    }

    static int pid(byte[] ts, int at) {
        return (ts[at + 1] & 0x1f) << 8 | ts[at + 2] & 0xff;
    }

    /** Offset of the payload inside the packet at {@code at}, or -1 when it has none. */
    static int payloadOffset(byte[] ts, int at) {
        int control = (ts[at + 3] >> 4) & 3;
        if ((control & 1) == 0) {
            return -1;
        }
        int offset = 4 + ((control & 2) != 0 ? 1 + (ts[at + 4] & 0xff) : 0);
        return offset < TsPacketAligner.PACKET ? offset : -1;
    }

    Kind scan(byte[] ts, int at) {
        int pid = pid(ts, at);
        if (pid == 0) {
            readPat(ts, at);
            return Kind.PAT;
        }
        if (pid == pmtPid) {
            readPmt(ts, at);
            return Kind.PMT;
        }
        if (pid == videoPid) {
            scanVideo(ts, at);
            return Kind.VIDEO;
        }
        return Kind.OTHER;
    }

    private int section(byte[] ts, int at) {
        int offset = payloadOffset(ts, at);
        if (offset < 0 || !payloadStart(ts, at)) {
            return -1;
        }
        int section = offset + 1 + (ts[at + offset] & 0xff);
        return section + 3 <= TsPacketAligner.PACKET ? at + section : -1;
    }

    private void readPat(byte[] ts, int at) {
        int s = section(ts, at);
        if (s < 0 || ts[s] != 0) {
            return;
        }
        int end = Math.min(at + TsPacketAligner.PACKET, s + 3 + sectionLength(ts, s) - 4);
        for (int i = s + 8; i + 4 <= end; i += 4) {
            int program = (ts[i] & 0xff) << 8 | ts[i + 1] & 0xff;
            if (program != 0) {
                pmtPid = (ts[i + 2] & 0x1f) << 8 | ts[i + 3] & 0xff;
                return;
            }
        }
    }

    private void readPmt(byte[] ts, int at) {
        int s = section(ts, at);
        if (s < 0 || ts[s] != 2 || s + 12 > at + TsPacketAligner.PACKET) {
            return;
        }
        int end = Math.min(at + TsPacketAligner.PACKET, s + 3 + sectionLength(ts, s) - 4);
        int first = s + 12 + (((ts[s + 10] & 0x0f) << 8) | ts[s + 11] & 0xff);
        if (first > end) {
            return;
        }
        byte[] next = Arrays.copyOfRange(ts, first, end);
        if (Arrays.equals(next, streams)) {
            return;
        }
        streams = next;
        pmtChanged = true;
        int pid = -1;
        int type = -1;
        for (int i = first; i + 5 <= end; i += 5 + (((ts[i + 3] & 0x0f) << 8) | ts[i + 4] & 0xff)) {
            int streamType = ts[i] & 0xff;
            if (pid < 0 && Arrays.stream(VIDEO_TYPES).anyMatch(t -> t == streamType)) {
                type = streamType;
                pid = (ts[i + 1] & 0x1f) << 8 | ts[i + 2] & 0xff;
            }
        }
        if (pid != videoPid || type != videoType) {
            videoPid = pid;
            videoType = type;
            resetStartCodes();
        }
    }

    private static int sectionLength(byte[] ts, int s) {
        return (ts[s + 1] & 0x0f) << 8 | ts[s + 2] & 0xff;
    }

    private void scanVideo(byte[] ts, int at) {
        pictures = 0;
        sequence = null;
        sequenceStartsHere = false;
        int offset = payloadOffset(ts, at);
        if (offset < 0) {
            return;
        }
        int from = at + offset;
        int end = at + TsPacketAligner.PACKET;
        if (payloadStart(ts, at)) {
            // a PES header: 00 00 01 stream_id length(2) flags(2) header_data_length, then the elementary stream
            if (from + 9 > end || ts[from] != 0 || ts[from + 1] != 0 || ts[from + 2] != 1) {
                return;
            }
            from += 9 + (ts[from + 8] & 0xff);
            // a new PES: a start code never spans it (a sequence header waiting for its next start code still does)
            zeros = 0;
            codeNext = false;
            code = -1;
            sequenceStartsHere = from + 3 < end && ts[from] == 0 && ts[from + 1] == 0 && ts[from + 2] == 1
                    && (ts[from + 3] & 0xff) == 0xB3;
        }
        for (int i = from; i < end; i++) {
            int b = ts[i] & 0xff;
            if (codeNext) {
                codeNext = false;
                startCode(b);
            } else if (code >= 0 && codeBytesSeen < codeBytes.length) {
                codeBytes[codeBytesSeen++] = (byte) b;
                codeBytesAdded();
            }
            if (b == 0) {
                zeros++;
            } else {
                if (b == 1 && zeros >= 2) {
                    codeNext = true;
                }
                zeros = 0;
            }
        }
    }

    private void startCode(int value) {
        if (sequencePending && value != 0xB5) {
            finishSequence(false); // the next start code is not an extension: MPEG-1
        }
        code = value;
        codeBytesSeen = 0;
        if (value == 0x00) {
            pictures++;
        }
    }

    private void codeBytesAdded() {
        if (code == 0xB3 && codeBytesSeen == 4) {
            seqW = (codeBytes[0] & 0xff) << 4 | (codeBytes[1] & 0xff) >> 4;
            seqH = (codeBytes[1] & 0x0f) << 8 | codeBytes[2] & 0xff;
            seqRate = codeBytes[3] & 0x0f;
            sequencePending = true;
        } else if (code == 0xB5 && codeBytesSeen == 1 && sequencePending) {
            finishSequence((codeBytes[0] & 0xf0) == 0x10); // extension id 1: sequence_extension
        }
    }

    private void finishSequence(boolean mpeg2) {
        sequencePending = false;
        sequence = new Sequence(seqW, seqH, seqRate, mpeg2);
    }

    private void resetStartCodes() {
        zeros = 0;
        codeNext = false;
        code = -1;
        codeBytesSeen = 0;
        sequencePending = false;
    }
}
