package io.mediagateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * A player that decodes a live stream (an rtmp:// URL, or bytes fed to it) with FFmpeg and keeps what a test checks:
 * the colour at the centre of the last picture (RGB), how many pictures came, the codecs, and the last seconds of
 * sound (mono, 48 kHz) for RMS and pitch.
 */
public final class MediaProbe implements AutoCloseable {

    public static final int RATE = 48_000;
    private static final int KEEP_SAMPLES = RATE * 2;

    private final Thread thread;
    private final PipedOutputStream feed;
    private final short[] sound = new short[KEEP_SAMPLES];
    private volatile boolean closed;
    private volatile int[] centre;
    private volatile String size = "none";
    private volatile Consumer<int[]> onPicture = rgb -> { };
    private volatile long pictures;
    private volatile long soundSamples;
    private volatile String videoCodec;
    private volatile String audioCodec;
    private volatile String error;
    private FFmpegFrameGrabber grabber;

    /** {@code options}: of the input (demuxer); {@code videoOptions}: of the video decoder. */
    private MediaProbe(String url, String format, InputStream in, PipedOutputStream feed, Map<String, String> options,
            Map<String, String> videoOptions) {
        this.feed = feed;
        thread = new Thread(() -> run(url, format, in, options, videoOptions), "media-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Plays {@code url} (e.g. rtmp://127.0.0.1:port/live/x). */
    public static MediaProbe play(String url) {
        return new MediaProbe(url, null, null, null, Map.of(), Map.of());
    }

    /** Captures X display {@code display} itself (x11grab, without the cursor), as the gateway does: a reference. */
    public static MediaProbe display(String display, int fps) {
        return new MediaProbe(display, "x11grab", null, null,
                Map.of("framerate", String.valueOf(fps), "draw_mouse", "0"), Map.of());
    }

    /**
     * Plays what a WebSocket viewer of the gateway receives (a socket stream), as {@code format} (mpegts, mp3). The
     * gateway's MPEG-1 has no B-frames, so each picture is decoded as soon as it arrived, as JSMpeg does (FFmpeg's
     * decoder otherwise holds every picture back until the next one, in case B-frames come).
     */
    public static MediaProbe watching(WsClient viewer, String format) throws IOException {
        return fed(format, Map.of("flags", "low_delay"), sink -> {
            Thread pump = new Thread(() -> {
                try {
                    while (!viewer.isClosed()) {
                        byte[] chunk = viewer.nextBinary(Duration.ofMillis(200));
                        if (chunk != null) {
                            sink.accept(chunk);
                        }
                    }
                } catch (InterruptedException ignored) {
                    // done
                }
            }, "viewer-pump");
            pump.setDaemon(true);
            pump.start();
        });
    }

    /** Plays bytes given to the returned consumer, as {@code format} (mpegts, mp3). */
    public static MediaProbe fed(String format, Consumer<Consumer<byte[]>> wiring) throws IOException {
        return fed(format, Map.of(), wiring);
    }

    private static MediaProbe fed(String format, Map<String, String> videoOptions, Consumer<Consumer<byte[]>> wiring)
            throws IOException {
        PipedOutputStream out = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(out, 8 * 1024 * 1024);
        MediaProbe probe = new MediaProbe(null, format, in, out, Map.of(), videoOptions);
        wiring.accept(probe::write);
        return probe;
    }

    private void write(byte[] bytes) {
        try {
            feed.write(bytes);
            feed.flush();
        } catch (IOException e) {
            // the decoder stopped
        }
    }

    private void run(String url, String format, InputStream in, Map<String, String> options,
            Map<String, String> videoOptions) {
        try {
            grabber = in != null ? new FFmpegFrameGrabber(in, 0) : new FFmpegFrameGrabber(url);
            if (format != null) {
                grabber.setFormat(format);
            }
            options.forEach(grabber::setOption);
            videoOptions.forEach(grabber::setVideoOption);
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.setSampleRate(RATE);
            grabber.setAudioChannels(1);
            grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            grabber.setOption("rw_timeout", "15000000");
            grabber.startUnsafe();
            videoCodec = grabber.getVideoCodecName();
            audioCodec = grabber.getAudioCodecName();
            Frame frame;
            while (!closed && (frame = grabber.grab()) != null) {
                if (frame.image != null) {
                    ByteBuffer rgb = (ByteBuffer) frame.image[0];
                    int at = (frame.imageHeight / 2) * frame.imageStride + (frame.imageWidth / 2) * 3;
                    centre = new int[] {rgb.get(at) & 0xff, rgb.get(at + 1) & 0xff, rgb.get(at + 2) & 0xff};
                    size = frame.imageWidth + "x" + frame.imageHeight;
                    pictures++;
                    onPicture.accept(centre);
                }
                if (frame.samples != null) {
                    keep((ShortBuffer) frame.samples[0]);
                }
            }
        } catch (Exception e) {
            error = e.getMessage();
        } finally {
            try {
                if (grabber != null) {
                    grabber.close();
                }
            } catch (Exception ignored) {
                // done
            }
        }
    }

    private synchronized void keep(ShortBuffer samples) {
        int n = samples.remaining();
        int shift = Math.min(n, KEEP_SAMPLES);
        System.arraycopy(sound, shift, sound, 0, KEEP_SAMPLES - shift);
        for (int i = 0; i < shift; i++) {
            sound[KEEP_SAMPLES - shift + i] = samples.get(samples.position() + n - shift + i);
        }
        soundSamples += n;
    }

    /** The last second of sound. */
    public synchronized short[] lastSecond() {
        short[] copy = new short[RATE];
        System.arraycopy(sound, KEEP_SAMPLES - RATE, copy, 0, RATE);
        return copy;
    }

    public int[] centre() { return centre; }
    public long pictures() { return pictures; }
    public long soundSamples() { return soundSamples; }
    public String videoCodec() { return videoCodec; }
    public String audioCodec() { return audioCodec; }
    public String error() { return error; }
    /** Size of the last picture ("WIDTHxHEIGHT"). */
    public String size() { return size; }

    /** Hands each picture's centre colour (RGB) to {@code listener} as it is decoded, on the decoding thread. */
    public void onPicture(Consumer<int[]> listener) {
        onPicture = listener;
    }

    /** Is the centre within {@code tolerance} of {@code rgb} (0xRRGGBB) per channel? */
    public boolean shows(int rgb, int tolerance) {
        int[] c = centre;
        return c != null && Math.abs(c[0] - ((rgb >> 16) & 0xff)) <= tolerance
                && Math.abs(c[1] - ((rgb >> 8) & 0xff)) <= tolerance && Math.abs(c[2] - (rgb & 0xff)) <= tolerance;
    }

    /** Waits until the probe has a second of sound whose pitch is {@code frequency} ± 10 Hz and that is loud. */
    public boolean awaitTone(int frequency, Duration limit) throws InterruptedException {
        return Waits.until(limit, () -> soundSamples > RATE && ToneAnalysis.rms(lastSecond()) > 300
                && Math.abs(ToneAnalysis.dominantFrequency(lastSecond(), RATE) - frequency) <= 10);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (feed != null) {
            try {
                feed.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        thread.join(10_000);
    }

    @Override
    public String toString() {
        int[] c = centre;
        return "pictures=" + pictures + " centre=" + (c == null ? "none" : c[0] + "/" + c[1] + "/" + c[2])
                + " video=" + videoCodec + " audio=" + audioCodec + " samples=" + soundSamples
                + (error == null ? "" : " error=" + error);
    }
}
