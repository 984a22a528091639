package io.mediagateway.livestream;

import java.time.Duration;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Pictures of an X display (FFmpeg x11grab, whole screen, without the cursor) at a fixed frame rate, as YUV 4:2:0 so
 * every encoder takes them without converting.
 */
final class ScreenCapture extends CaptureLoop {

    private final String display;
    private final int frameRate;

    ScreenCapture(String display, int frameRate, Duration backoff, Duration backoffMax) {
        super("x11grab " + display + " @" + frameRate + "fps", backoff, backoffMax);
        this.display = display;
        this.frameRate = frameRate;
    }

    @Override
    protected FFmpegFrameGrabber newGrabber() {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(display);
        grabber.setFormat("x11grab");
        grabber.setFrameRate(frameRate);
        grabber.setOption("framerate", String.valueOf(frameRate));
        grabber.setOption("draw_mouse", "0");
        grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        return grabber;
    }

    @Override
    protected Frame grab(FFmpegFrameGrabber grabber) throws FFmpegFrameGrabber.Exception {
        return grabber.grabImage();
    }
}
