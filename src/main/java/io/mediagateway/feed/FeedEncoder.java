package io.mediagateway.feed;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import io.mediagateway.video.I420Frame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Encodes camera frames to MPEG-1 video in MPEG-TS (what JSMpeg plays), one frame at a time, returning the TS bytes
 * each frame produced. Packets are flushed as they are muxed and PAT/PMT precede every frame, so any segment that
 * carries a sequence header is a clean place for a new viewer to start.
 */
final class FeedEncoder implements AutoCloseable {

    /** The TS bytes one frame produced; {@code keyframe} when they start a GOP (a viewer may join here). */
    record Segment(byte[] bytes, boolean keyframe) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
    private final FFmpegFrameRecorder recorder;
    private final ByteBuffer picture;
    private final int width;
    private final int height;

    FeedEncoder(int width, int height, int frameRate) throws FFmpegFrameRecorder.Exception {
        this.width = width;
        this.height = height;
        this.picture = ByteBuffer.allocateDirect(I420Frame.size(width, height));
        recorder = new FFmpegFrameRecorder(out, width, height, 0);
        recorder.setFormat("mpegts");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG1VIDEO);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(mpeg1FrameRate(frameRate));
        recorder.setGopSize(Math.max(1, frameRate / 2)); // a new viewer waits at most half a second for a picture
        recorder.setVideoQuality(4); // constant quantizer: sharp enough at 720p, no rate-control lag
        recorder.setOption("flush_packets", "1");
        recorder.setOption("muxdelay", "0");
        recorder.setOption("muxpreload", "0");
        recorder.setOption("mpegts_flags", "pat_pmt_at_frames");
        recorder.startUnsafe(); // start() would queue behind any grabber waiting for input (JVM-wide lock)
    }

    /**
     * MPEG-1 can only signal 23.976, 24, 25, 29.97, 30, 50, 59.94 and 60 fps (the encoder refuses anything else). The
     * stream is labelled with the nearest rate at or above the camera's; pictures still go out at the camera's rate,
     * and live players (JSMpeg) show each as it arrives.
     */
    static int mpeg1FrameRate(int cameraRate) {
        for (int rate : new int[] {24, 25, 30, 50, 60}) {
            if (cameraRate <= rate) {
                return rate;
            }
        }
        return 60;
    }

    boolean fits(I420Frame frame) {
        return frame.width() == width && frame.height() == height;
    }

    Segment encode(I420Frame frame) throws FFmpegFrameRecorder.Exception {
        picture.clear();
        picture.put(frame.data()).flip();
        out.reset();
        recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, picture);
        byte[] bytes = out.toByteArray();
        return new Segment(bytes, hasSequenceHeader(bytes));
    }

    /** MPEG-1 repeats its sequence header (00 00 01 B3) at every GOP: that is the keyframe marker. */
    static boolean hasSequenceHeader(byte[] ts) {
        for (int i = 0; i + 3 < ts.length; i++) {
            if (ts[i] == 0 && ts[i + 1] == 0 && ts[i + 2] == 1 && (ts[i + 3] & 0xff) == 0xB3) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            recorder.close();
        } catch (Exception e) {
            // nothing useful to do: the stream ends either way
        }
    }
}
