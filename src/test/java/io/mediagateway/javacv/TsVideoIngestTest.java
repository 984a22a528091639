package io.mediagateway.javacv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediagateway.support.TestMedia;
import io.mediagateway.support.VideoPublishing;
import io.mediagateway.video.Mpeg1Segment;
import io.mediagateway.video.VideoIngestStats;
import io.mediagateway.video.VirtualCamera;
import org.junit.jupiter.api.Test;

/**
 * {@link TsVideoIngest}: which path a publisher's TS takes (MPEG-1 at the camera's size and rate passes through, all
 * else is decoded), and that what passes through is the publisher's video packets, unchanged and in order, from the
 * first sequence header on, whatever garbage is interleaved. Real TS from the bundled ffmpeg.
 */
class TsVideoIngestTest {

    private static final int P = TsPacketAligner.PACKET;
    private static final VirtualCamera.Settings CAMERA = new VirtualCamera.Settings(320, 240, 30);

    /** What an ingest made of a whole input. */
    record Run(TsVideoIngest.Path path, List<Mpeg1Segment> segments, int frames, VideoIngestStats stats) {
        byte[] passedThrough() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            segments.forEach(s -> out.write(s.ts(), 0, s.ts().length));
            return out.toByteArray();
        }
    }

    @Test
    void mpeg1AtTheCameraSizeAndRatePassesThroughTheVideoPacketsUnchangedFromTheFirstSequenceHeader() throws Exception {
        byte[] ts = TestMedia.mpeg1Ts("red", 320, 240, 30, 2);

        Run run = ingest(ts, CAMERA, true, chunks(ts, 1000));

        assertThat(run.path()).isEqualTo(TsVideoIngest.Path.PASSTHROUGH);
        assertThat(run.frames()).as("nothing decoded").isZero();
        assertThat(run.passedThrough()).isEqualTo(videoPacketsFromFirstSequenceHeader(ts));
        assertThat(run.segments().get(0).sequenceStart()).isTrue();
        // every GOP (15 frames) starts a segment a viewer may join at
        assertThat(run.segments().stream().filter(Mpeg1Segment::sequenceStart).count()).isEqualTo(4);
        assertThat(run.segments().stream().mapToInt(Mpeg1Segment::pictures).sum()).isEqualTo(60);
        assertThat(run.stats().framesDecoded.get()).as("pictures counted from start codes").isEqualTo(60);
        assertThat(run.stats().snapshot()).containsEntry("video_path", "passthrough");
    }

    @Test
    void garbageInterleavedIsDroppedAndCountedAndTheVideoStillPassesThroughIntact() throws Exception {
        byte[] ts = TestMedia.mpeg1Ts("red", 320, 240, 30, 2);
        Random random = new Random(7);
        ByteArrayOutputStream dirty = new ByteArrayOutputStream();
        long inserted = 0;
        for (int at = 0; at < ts.length; at += P) {
            // junk after every 12th packet: resyncing takes two confirming packets, so none is lost here
            if (at > 0 && at / P % 12 == 0) {
                byte[] junk = VideoPublishing.random(1 + random.nextInt(300), at);
                for (int i = 0; i < junk.length; i++) {
                    if (junk[i] == 0x47) {
                        junk[i] = 0x46; // no sync byte in the junk: so every byte of it is provably garbage
                    }
                }
                dirty.write(junk, 0, junk.length);
                inserted += junk.length;
            }
            dirty.write(ts, at, P);
        }
        byte[] input = dirty.toByteArray();

        Run run = ingest(input, CAMERA, true, chunks(input, 777));

        assertThat(run.path()).isEqualTo(TsVideoIngest.Path.PASSTHROUGH);
        assertThat(run.stats().garbageBytes.get()).isEqualTo(inserted);
        assertThat(run.passedThrough()).isEqualTo(videoPacketsFromFirstSequenceHeader(ts));
    }

    @Test
    void h264IsDecoded() throws Exception {
        byte[] ts = TestMedia.ts("libopenh264", "lime", 320, 240, 30, 3);
        Run run = ingest(ts, CAMERA, true, chunks(ts, 4096));
        assertThat(run.path()).isEqualTo(TsVideoIngest.Path.DECODE);
        assertThat(run.segments()).isEmpty();
        assertThat(run.frames()).isGreaterThan(45);
    }

    @Test
    void mpeg1OfAnotherSizeIsDecoded() throws Exception {
        byte[] ts = TestMedia.mpeg1Ts("red", 640, 360, 30, 3);
        Run run = ingest(ts, CAMERA, true, chunks(ts, 4096));
        assertThat(run.path()).isEqualTo(TsVideoIngest.Path.DECODE);
        assertThat(run.segments()).isEmpty();
        assertThat(run.frames()).isGreaterThan(45);
    }

    @Test
    void mpeg1AtAnotherRateIsDecoded() throws Exception {
        byte[] ts = TestMedia.mpeg1Ts("red", 320, 240, 60, 8);
        Run run = ingest(ts, CAMERA, true, chunks(ts, 4096));
        assertThat(run.path()).isEqualTo(TsVideoIngest.Path.DECODE);
        assertThat(run.segments()).isEmpty();
    }

    @Test
    void mpeg2IsDecodedEvenAtTheCameraSizeAndRate() throws Exception {
        byte[] ts = VideoPublishing.ffmpeg("mpeg2-red-320x240-30-2.ts", List.of("-f", "lavfi", "-i",
                "color=c=red:s=320x240:r=30", "-t", "2", "-c:v", "mpeg2video", "-g", "15", "-bf", "0", "-f", "mpegts"));
        Run run = ingest(ts, CAMERA, true, chunks(ts, 4096));
        assertThat(run.path()).isEqualTo(TsVideoIngest.Path.DECODE);
        assertThat(run.segments()).isEmpty();
        assertThat(run.frames()).isGreaterThan(30);
    }

    @Test
    void mpeg1IsDecodedWhenSomethingNeedsPictures() throws Exception {
        byte[] ts = TestMedia.mpeg1Ts("red", 320, 240, 30, 2);
        Run run = ingest(ts, CAMERA, false, chunks(ts, 4096));
        assertThat(run.path()).isEqualTo(TsVideoIngest.Path.DECODE);
        assertThat(run.segments()).isEmpty();
        assertThat(run.frames()).isGreaterThan(30);
    }

    @Test
    void videoAfterAnAudioOnlyTsOnTheSameStreamIsPickedUp() throws Exception {
        byte[] audio = TestMedia.audioOnlyTs(3);
        byte[] video = TestMedia.mpeg1Ts("red", 320, 240, 30, 2);
        byte[] both = VideoPublishing.concat(audio, video);
        Run run = ingest(both, CAMERA, true, chunks(both, 3000));
        assertThat(run.path()).isEqualTo(TsVideoIngest.Path.PASSTHROUGH);
        assertThat(run.passedThrough()).isEqualTo(videoPacketsFromFirstSequenceHeader(video));
    }

    private static Run ingest(byte[] ts, VirtualCamera.Settings camera, boolean passthroughAllowed, List<byte[]> chunks)
            throws Exception {
        VideoIngestStats stats = new VideoIngestStats();
        List<Mpeg1Segment> segments = new ArrayList<>();
        AtomicInteger frames = new AtomicInteger();
        TsVideoIngest ingest = new TsVideoIngest("test", () -> camera, passthroughAllowed, f -> frames.incrementAndGet(),
                segments::add, stats);
        for (byte[] chunk : chunks) {
            ingest.write(chunk);
        }
        ingest.end();
        ingest.awaitEnd(30_000);
        return new Run(ingest.path(), segments, frames.get(), stats);
    }

    /** The video PID's packets from the one starting with a sequence header on (what a player can start at). */
    private static byte[] videoPacketsFromFirstSequenceHeader(byte[] ts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean started = false;
        for (int at = 0; at + P <= ts.length; at += P) {
            if (TsVideoScanner.pid(ts, at) != 0x100) {
                continue;
            }
            if (!started && TsVideoScanner.payloadStart(ts, at)) {
                int es = at + TsVideoScanner.payloadOffset(ts, at) + 9 + (ts[at + TsVideoScanner.payloadOffset(ts, at) + 8] & 0xff);
                started = ts[es] == 0 && ts[es + 1] == 0 && ts[es + 2] == 1 && (ts[es + 3] & 0xff) == 0xB3;
            }
            if (started) {
                out.write(ts, at, P);
            }
        }
        return out.toByteArray();
    }

    private static List<byte[]> chunks(byte[] data, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < data.length; at += size) {
            out.add(Arrays.copyOfRange(data, at, Math.min(data.length, at + size)));
        }
        return out;
    }
}
