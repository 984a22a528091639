package io.mediagateway.audio;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a byte stream, arriving in chunks of any size, into whole MPEG audio Layer III frames. Everything else is
 * skipped and counted: ID3v2 tags and Xing/Info/VBRI header frames as metadata, anything else as garbage.
 *
 * <p>Why in Java rather than in libavformat: FFmpeg's mp3 demuxer reads 1 KB packets and its parser holds back
 * frames, so on a live stream the last ~2 frames of a burst stayed inside it until more bytes came (measured: 2
 * frames, 48 ms, held until the next chunk; forever at the end of a stream). Framing here hands every complete frame to
 * the decoder at once, and counts garbage exactly.
 *
 * <p>Re-sync: in sync, a frame is accepted when its header is valid and matches the stream (version, layer, sample
 * rate). Out of sync (start, or after garbage), a candidate is accepted only when the next frame's header follows it,
 * so random bytes that happen to look like a header are not taken for audio.
 */
public final class Mp3FrameScanner {

    private static final int[][] BITRATES_KBPS = {
            // MPEG-1 Layer III
            {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1},
            // MPEG-2 / 2.5 Layer III
            {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1}};
    private static final int[][] SAMPLE_RATES = {
            {11_025, 12_000, 8_000}, // MPEG-2.5 (version bits 00)
            null,                    // reserved (01)
            {22_050, 24_000, 16_000}, // MPEG-2 (10)
            {44_100, 48_000, 32_000}}; // MPEG-1 (11)
    /** Version, layer and sample rate: what stays the same from frame to frame of one stream. */
    private static final int STREAM_MASK = 0xFFFE0C00;
    private static final int MAX_FRAME_BYTES = 2_881; // MPEG-2.5 8 kHz 160 kbps, padded

    private byte[] pending = new byte[0];
    private int streamHeader; // 0 when out of sync
    private long tagBytesToSkip;
    private long garbageBytes;
    private long metadataBytes;
    private long frames;
    private int sampleRate;

    /** One whole frame and what its header says. */
    public record Frame(byte[] data, int sampleRate, int samples) {
    }

    /** Adds {@code chunk} and returns the frames it completed, in order. */
    public List<Frame> feed(byte[] chunk) {
        byte[] buffer = pending.length == 0 ? chunk : concat(pending, chunk);
        List<Frame> out = new ArrayList<>();
        int pos = skipTag(buffer, 0);
        while (pos + 4 <= buffer.length) {
            if (startsTag(buffer, pos)) { // cannot be a frame header (0x49 is not a sync byte): a new file begins
                if (pos + 10 > buffer.length) {
                    break;
                }
                streamHeader = 0;
                tagBytesToSkip = id3Length(buffer, pos);
                pos = skipTag(buffer, pos);
                continue;
            }
            int header = readInt(buffer, pos);
            int length = frameLength(header);
            if (length < 0 || (streamHeader != 0 && (header & STREAM_MASK) != (streamHeader & STREAM_MASK))) {
                streamHeader = 0;
                garbageBytes++;
                pos++;
                continue;
            }
            if (pos + length > buffer.length) {
                break; // wait for the rest of the frame
            }
            if (streamHeader == 0) {
                if (pos + length + 4 > buffer.length) {
                    break; // wait for the next header to confirm this one
                }
                int next = readInt(buffer, pos + length);
                if (frameLength(next) < 0 || (next & STREAM_MASK) != (header & STREAM_MASK)) {
                    garbageBytes++;
                    pos++;
                    continue;
                }
                streamHeader = header;
            }
            byte[] frame = Arrays.copyOfRange(buffer, pos, pos + length);
            pos += length;
            if (isInfoFrame(frame, header)) {
                metadataBytes += length;
                continue;
            }
            sampleRate = sampleRate(header);
            frames++;
            out.add(new Frame(frame, sampleRate, samplesPerFrame(header)));
        }
        while (pos < buffer.length && buffer.length - pos < 4 && !mayStartFrame(buffer, pos)) {
            garbageBytes++; // too short to test as a header, and cannot be the start of one
            streamHeader = 0;
            pos++;
        }
        int keep = buffer.length - pos;
        if (keep > MAX_FRAME_BYTES + 4) {
            // cannot happen for a valid frame; bound memory whatever arrives
            garbageBytes += keep - MAX_FRAME_BYTES - 4;
            pos = buffer.length - MAX_FRAME_BYTES - 4;
        }
        pending = pos >= buffer.length ? new byte[0] : Arrays.copyOfRange(buffer, pos, buffer.length);
        return out;
    }

    /**
     * At the end of a stream: a last frame that could not be confirmed by a following header is still played when it
     * is whole; the rest of what is pending is counted as garbage.
     */
    public List<Frame> finish() {
        List<Frame> out = new ArrayList<>();
        if (pending.length >= 4) {
            int header = readInt(pending, 0);
            int length = frameLength(header);
            if (length > 0 && length <= pending.length) {
                out.add(new Frame(Arrays.copyOf(pending, length), sampleRate(header), samplesPerFrame(header)));
                frames++;
                garbageBytes += pending.length - length;
                pending = new byte[0];
            }
        }
        garbageBytes += pending.length;
        pending = new byte[0];
        streamHeader = 0;
        return out;
    }

    /** Bytes skipped because they were not part of an MP3 frame (tags and header frames not counted). */
    public long garbageBytes() {
        return garbageBytes;
    }

    /** ID3v2 tags and Xing/Info/VBRI header frames skipped. */
    public long metadataBytes() {
        return metadataBytes;
    }

    public long frames() {
        return frames;
    }

    /** Sample rate of the last frame, 0 before the first. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Bytes held back waiting for the rest of a frame. */
    public int pendingBytes() {
        return pending.length;
    }

    /** Frame length in bytes for a valid Layer III header, or -1. */
    static int frameLength(int header) {
        if ((header & 0xFFE00000) != 0xFFE00000) {
            return -1;
        }
        int version = (header >>> 19) & 3;
        int layer = (header >>> 17) & 3;
        int bitrateIndex = (header >>> 12) & 15;
        int rateIndex = (header >>> 10) & 3;
        int emphasis = header & 3;
        if (version == 1 || layer != 1 || rateIndex == 3 || emphasis == 2) {
            return -1;
        }
        int kbps = BITRATES_KBPS[version == 3 ? 0 : 1][bitrateIndex];
        if (kbps <= 0) {
            return -1; // free format and the forbidden index are not supported
        }
        int rate = SAMPLE_RATES[version][rateIndex];
        int padding = (header >>> 9) & 1;
        int coefficient = version == 3 ? 144 : 72;
        return coefficient * kbps * 1000 / rate + padding;
    }

    private static int sampleRate(int header) {
        return SAMPLE_RATES[(header >>> 19) & 3][(header >>> 10) & 3];
    }

    private static int samplesPerFrame(int header) {
        return ((header >>> 19) & 3) == 3 ? 1152 : 576;
    }

    /** A Xing/Info (CBR/VBR header written by encoders) or VBRI frame: metadata that decodes to silence. */
    private static boolean isInfoFrame(byte[] frame, int header) {
        boolean mpeg1 = ((header >>> 19) & 3) == 3;
        boolean mono = ((header >>> 6) & 3) == 3;
        int sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int crc = ((header >>> 16) & 1) == 0 ? 2 : 0;
        return hasTag(frame, 4 + crc + sideInfo, "Xing") || hasTag(frame, 4 + crc + sideInfo, "Info")
                || hasTag(frame, 4 + 32, "VBRI");
    }

    private static boolean hasTag(byte[] frame, int offset, String tag) {
        if (offset + 4 > frame.length) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (frame[offset + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Could a frame header or an ID3 tag begin at {@code pos} (given the few bytes there are)? */
    private static boolean mayStartFrame(byte[] b, int pos) {
        int first = b[pos] & 0xFF;
        if (first == 'I') {
            return pos + 1 >= b.length || (b[pos + 1] == 'D' && (pos + 2 >= b.length || b[pos + 2] == '3'));
        }
        return first == 0xFF && (pos + 1 >= b.length || (b[pos + 1] & 0xE0) == 0xE0);
    }

    private static boolean startsTag(byte[] b, int pos) {
        return b[pos] == 'I' && b[pos + 1] == 'D' && b[pos + 2] == '3';
    }

    /** Whole length of the ID3v2 tag at {@code pos} (header, body and optional footer). */
    private long id3Length(byte[] b, int pos) {
        long size = ((b[pos + 6] & 0x7F) << 21) | ((b[pos + 7] & 0x7F) << 14) | ((b[pos + 8] & 0x7F) << 7) | (b[pos + 9] & 0x7F);
        boolean footer = (b[pos + 5] & 0x10) != 0;
        return 10 + size + (footer ? 10 : 0);
    }

    /** Skips what is left of a tag from {@code pos}; returns the new position. */
    private int skipTag(byte[] buffer, int pos) {
        if (tagBytesToSkip == 0) {
            return pos;
        }
        int skip = (int) Math.min(tagBytesToSkip, buffer.length - pos);
        tagBytesToSkip -= skip;
        metadataBytes += skip;
        return pos + skip;
    }

    private static int readInt(byte[] b, int pos) {
        return ((b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.write(a, 0, a.length);
        out.write(b, 0, b.length);
        return out.toByteArray();
    }
}
