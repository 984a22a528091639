package io.mediagateway.livestream;

import java.time.Duration;
import java.util.function.Supplier;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * The desktop's sound: a PulseAudio source (by default the monitor of {@code audio_output}) read with FFmpeg's pulse
 * input as 48 kHz stereo, in blocks of about 20 ms. The server is asked for at each (re)open, so a restarted
 * PulseAudio is found again.
 */
final class SoundCapture extends CaptureLoop {

    static final int SAMPLE_RATE = 48_000;
    static final int CHANNELS = 2;
    private static final int FRAGMENT_BYTES = SAMPLE_RATE / 50 * CHANNELS * 2;

    private final String source;
    private final Supplier<String> server;

    SoundCapture(String source, Supplier<String> server, Duration backoff, Duration backoffMax) {
        super("pulse " + source, backoff, backoffMax);
        this.source = source;
        this.server = server;
    }

    @Override
    protected FFmpegFrameGrabber newGrabber() {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source);
        grabber.setFormat("pulse");
        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16); // interleaved s16: what the raw PCM encoding sends as is
        grabber.setSampleRate(SAMPLE_RATE);
        grabber.setAudioChannels(CHANNELS);
        grabber.setOption("sample_rate", String.valueOf(SAMPLE_RATE));
        grabber.setOption("channels", String.valueOf(CHANNELS));
        grabber.setOption("fragment_size", String.valueOf(FRAGMENT_BYTES));
        grabber.setOption("name", "media-gateway");
        grabber.setOption("stream_name", "livestream");
        String address = server.get();
        if (address != null) {
            grabber.setOption("server", address);
        }
        return grabber;
    }

    @Override
    protected Frame grab(FFmpegFrameGrabber grabber) throws FFmpegFrameGrabber.Exception {
        return grabber.grabSamples();
    }
}
