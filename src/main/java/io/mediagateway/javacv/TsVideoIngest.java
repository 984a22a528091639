package io.mediagateway.javacv;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.mediagateway.video.I420Frame;
import io.mediagateway.video.Mpeg1Segment;
import io.mediagateway.video.VideoIngestStats;
import io.mediagateway.video.VirtualCamera;

/**
 * One publisher connection's MPEG-TS, in order: aligned to whole packets ({@link TsPacketAligner}), read without
 * decoding ({@link TsVideoScanner}), then sent down one of two paths, chosen at the first sequence header:
 * <ul>
 *   <li>passthrough: MPEG-1 video (no MPEG-2 sequence_extension) at exactly the camera's size and frame rate, while
 *   nothing needs decoded pictures (no v4l2 device): the video packets go on as {@link Mpeg1Segment}s as they
 *   arrive; nothing is decoded or re-encoded;</li>
 *   <li>decode: anything else (H.264, another size or rate, MPEG-2, or a v4l2 device to feed): FFmpeg decodes
 *   ({@link TsVideoDecoder}) and frames go on as {@link I420Frame}s.</li>
 * </ul>
 * Passthrough turns into decode for good when a later sequence header or PMT no longer fits. Until the choice is
 * made the packets are held (bounded); a TS whose PMT has no video is not held at all, so video that appears later
 * on the same connection is picked up whatever the PIDs and PMT version.
 */
final class TsVideoIngest {

    enum Path { UNDECIDED, PASSTHROUGH, DECODE }

    private static final int HOLD_LIMIT = 2 * 1024 * 1024;

    private final String name;
    private final Supplier<VirtualCamera.Settings> target;
    private final boolean passthroughAllowed;
    private final Consumer<I420Frame> frames;
    private final Consumer<Mpeg1Segment> segments;
    private final VideoIngestStats stats;
    private final TsPacketAligner aligner = new TsPacketAligner();
    private final TsVideoScanner scanner = new TsVideoScanner();
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int heldJoinAt = -1;
    private byte[] pat;
    private byte[] pmt;
    private Path path = Path.UNDECIDED;
    private TsVideoDecoder decoder;
    private boolean segmentJoinable;
    private int segmentPictures;

    TsVideoIngest(String name, Supplier<VirtualCamera.Settings> target, boolean passthroughAllowed,
            Consumer<I420Frame> frames, Consumer<Mpeg1Segment> segments, VideoIngestStats stats) {
        this.name = name;
        this.target = target;
        this.passthroughAllowed = passthroughAllowed;
        this.frames = frames;
        this.segments = segments;
        this.stats = stats;
    }

    Path path() {
        return path;
    }

    /** Called in chunk order (media-socket guarantees it). Blocks while the decoder (if any) is 4 MiB behind. */
    void write(byte[] chunk) throws InterruptedException {
        stats.chunk(chunk.length);
        long garbageBefore = aligner.garbageBytes();
        byte[] packets = aligner.push(chunk);
        long skipped = aligner.garbageBytes() - garbageBefore;
        if (skipped > 0) {
            stats.garbageBytes.addAndGet(skipped);
            stats.error("skipped " + skipped + " bytes that are not MPEG-TS (send whole 188-byte TS packets)");
        }
        process(packets);
    }

    /** The publisher left: what is buffered goes on, then the decoder (if any) stops. */
    void end() {
        long garbageBefore = aligner.garbageBytes();
        byte[] last = aligner.flush();
        stats.garbageBytes.addAndGet(aligner.garbageBytes() - garbageBefore);
        try {
            process(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (decoder != null) {
            decoder.end();
        }
    }

    void awaitEnd(long millis) throws InterruptedException {
        if (decoder != null) {
            decoder.awaitEnd(millis);
        }
    }

    private void process(byte[] packets) throws InterruptedException {
        for (int at = 0; at + TsPacketAligner.PACKET <= packets.length; at += TsPacketAligner.PACKET) {
            TsVideoScanner.Kind kind = scanner.scan(packets, at);
            switch (path) {
                case UNDECIDED -> undecided(packets, at, kind);
                case PASSTHROUGH -> passthrough(packets, at, kind);
                case DECODE -> out.write(packets, at, TsPacketAligner.PACKET);
            }
        }
        if (path == Path.PASSTHROUGH) {
            emitSegment();
        } else if (path == Path.DECODE && out.size() > 0) {
            decoder.write(out.toByteArray());
            out.reset();
        }
    }

    private void undecided(byte[] packets, int at, TsVideoScanner.Kind kind) throws InterruptedException {
        if (kind == TsVideoScanner.Kind.PAT) {
            pat = Arrays.copyOfRange(packets, at, at + TsPacketAligner.PACKET);
        } else if (kind == TsVideoScanner.Kind.PMT) {
            pmt = Arrays.copyOfRange(packets, at, at + TsPacketAligner.PACKET);
            if (scanner.takePmtChange()) { // hold from this program on
                held.reset();
                heldJoinAt = -1;
                if (!scanner.knowsVideo()) {
                    stats.error("the MPEG-TS carries no video stream");
                } else if (!mpegVideo()) {
                    decide(Path.DECODE);
                    return;
                }
            }
        }
        if (scanner.knowsProgram() && !scanner.knowsVideo()) {
            return; // nothing to show: not kept, so video that comes later starts clean
        }
        if (kind == TsVideoScanner.Kind.VIDEO && scanner.sequenceStartsHere()) {
            heldJoinAt = held.size();
        }
        held.write(packets, at, TsPacketAligner.PACKET);
        TsVideoScanner.Sequence sequence = kind == TsVideoScanner.Kind.VIDEO ? scanner.sequence() : null;
        if (sequence != null) {
            decide(fits(sequence) ? Path.PASSTHROUGH : Path.DECODE);
        } else if (held.size() > HOLD_LIMIT) {
            decide(Path.DECODE); // no decidable video yet: FFmpeg may still make sense of it (and reports if not)
        }
    }

    private void decide(Path chosen) throws InterruptedException {
        byte[] pending = held.toByteArray();
        held.reset();
        if (chosen == Path.DECODE) {
            startDecoder();
            out.write(pending, 0, pending.length);
            return;
        }
        path = Path.PASSTHROUGH;
        stats.path(VideoIngestStats.PASSTHROUGH);
        // only what starts at the sequence header can be played; before it there is nothing whole
        for (int at = Math.max(heldJoinAt, 0); heldJoinAt >= 0 && at < pending.length; at += TsPacketAligner.PACKET) {
            if (TsVideoScanner.pid(pending, at) == scanner.videoPid()) {
                addToSegment(pending, at, at == heldJoinAt, countPictures(pending, at));
            }
        }
    }

    private void passthrough(byte[] packets, int at, TsVideoScanner.Kind kind) throws InterruptedException {
        if (kind == TsVideoScanner.Kind.PMT) {
            pmt = Arrays.copyOfRange(packets, at, at + TsPacketAligner.PACKET);
            if (scanner.takePmtChange() && scanner.knowsVideo() && !mpegVideo()) {
                switchToDecode(packets, at);
            }
            return;
        }
        if (kind == TsVideoScanner.Kind.PAT) {
            pat = Arrays.copyOfRange(packets, at, at + TsPacketAligner.PACKET);
            return;
        }
        if (kind != TsVideoScanner.Kind.VIDEO) {
            return; // audio and the rest: the feed is video only
        }
        TsVideoScanner.Sequence sequence = scanner.sequence();
        if (sequence != null && !fits(sequence)) {
            switchToDecode(packets, at);
            return;
        }
        addToSegment(packets, at, scanner.sequenceStartsHere(), scanner.pictures());
    }

    private void switchToDecode(byte[] packets, int at) throws InterruptedException {
        emitSegment();
        startDecoder();
        out.write(packets, at, TsPacketAligner.PACKET);
    }

    private void addToSegment(byte[] packets, int at, boolean joinable, int pictures) {
        if (joinable) {
            emitSegment(); // a join point always starts a segment
            segmentJoinable = true;
        }
        out.write(packets, at, TsPacketAligner.PACKET);
        segmentPictures += pictures;
    }

    private void emitSegment() {
        if (out.size() > 0) {
            stats.framesDecoded.addAndGet(segmentPictures);
            segments.accept(new Mpeg1Segment(out.toByteArray(), segmentJoinable, segmentPictures));
        }
        out.reset();
        segmentJoinable = false;
        segmentPictures = 0;
    }

    private void startDecoder() throws InterruptedException {
        path = Path.DECODE;
        stats.path(VideoIngestStats.DECODE);
        decoder = new TsVideoDecoder(name, target, frames, stats);
        // the decoder starts mid-stream: give it the program first so it need not wait for the next PAT/PMT
        if (pat != null && pmt != null) {
            out.write(pat, 0, pat.length);
            out.write(pmt, 0, pmt.length);
        }
    }

    private boolean mpegVideo() {
        return scanner.videoType() == TsVideoScanner.STREAM_MPEG1 || scanner.videoType() == TsVideoScanner.STREAM_MPEG2;
    }

    private boolean fits(TsVideoScanner.Sequence sequence) {
        VirtualCamera.Settings camera = target.get();
        return passthroughAllowed && mpegVideo() && !sequence.mpeg2() && camera != null
                && sequence.width() == camera.width() && sequence.height() == camera.height()
                && sequence.frameRateCode() == frameRateCode(camera.frameRate());
    }

    /** MPEG-1's frame_rate_code of a whole frame rate, or -1 when MPEG-1 cannot signal it. */
    static int frameRateCode(int fps) {
        return switch (fps) {
            case 24 -> 2;
            case 25 -> 3;
            case 30 -> 5;
            case 50 -> 6;
            case 60 -> 8;
            default -> -1;
        };
    }

    /** Picture start codes that begin in this packet's payload (held packets were scanned once already). */
    private static int countPictures(byte[] ts, int at) {
        int offset = TsVideoScanner.payloadOffset(ts, at);
        int count = 0;
        for (int i = offset < 0 ? at + TsPacketAligner.PACKET : at + offset; i + 3 < at + TsPacketAligner.PACKET; i++) {
            if (ts[i] == 0 && ts[i + 1] == 0 && ts[i + 2] == 1 && ts[i + 3] == 0) {
                count++;
            }
        }
        return count;
    }
}
