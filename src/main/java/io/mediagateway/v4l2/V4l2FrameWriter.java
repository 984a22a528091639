package io.mediagateway.v4l2;

import java.nio.ByteBuffer;
import java.util.Locale;

import io.mediagateway.video.I420Frame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes camera frames, uncompressed, to a v4l2 loopback output device through FFmpeg's v4l2 muxer (which sets the
 * format with VIDIOC_S_FMT from the stream parameters and writes one picture per frame). The muxer is a parameter so
 * the very same path can write {@code rawvideo} to a plain file: that is how the bytes are tested on machines with no
 * v4l2 (these have none).
 */
final class V4l2FrameWriter implements AutoCloseable {

    /** Pixel formats a v4l2 consumer (Chromium, Zoom ...) commonly accepts from a loopback device. */
    enum PixelFormat {
        I420(avutil.AV_PIX_FMT_YUV420P),
        YUYV(avutil.AV_PIX_FMT_YUYV422);

        final int ffmpeg;

        PixelFormat(int ffmpeg) {
            this.ffmpeg = ffmpeg;
        }

        static PixelFormat parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }

        int frameBytes(int width, int height) {
            return this == I420 ? width * height * 3 / 2 : width * height * 2;
        }
    }

    private final FFmpegFrameRecorder recorder;
    private final ByteBuffer picture;
    private final int width;
    private final int height;

    V4l2FrameWriter(String target, String muxer, PixelFormat format, int width, int height, int frameRate)
            throws FFmpegFrameRecorder.Exception {
        this.width = width;
        this.height = height;
        this.picture = ByteBuffer.allocateDirect(I420Frame.size(width, height));
        recorder = new FFmpegFrameRecorder(target, width, height, 0);
        recorder.setFormat(muxer);
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_RAWVIDEO);
        recorder.setPixelFormat(format.ffmpeg); // swscale converts from I420 when needed (YUYV)
        recorder.setFrameRate(frameRate);
        recorder.startUnsafe(); // see io.mediagateway.javacv: start() takes a JVM-wide lock
    }

    boolean fits(I420Frame frame) {
        return frame.width() == width && frame.height() == height;
    }

    void write(I420Frame frame) throws FFmpegFrameRecorder.Exception {
        picture.clear();
        picture.put(frame.data()).flip();
        recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, picture);
    }

    @Override
    public void close() {
        try {
            recorder.close();
        } catch (Exception e) {
            // the device is released either way
        }
    }
}
