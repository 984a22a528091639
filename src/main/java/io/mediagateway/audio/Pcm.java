package io.mediagateway.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * The one PCM format inside the audio pipeline: 48 kHz, stereo, signed 16-bit little-endian, interleaved. Every source
 * is resampled to it once, at decode; the sink gets it as is.
 */
public final class Pcm {

    public static final int SAMPLE_RATE = 48_000;
    public static final int CHANNELS = 2;
    public static final int BYTES_PER_FRAME = CHANNELS * 2;
    public static final int BYTES_PER_MS = SAMPLE_RATE / 1000 * BYTES_PER_FRAME;

    private Pcm() {
    }

    public static long millis(long bytes) {
        return bytes / BYTES_PER_MS;
    }

    public static int bytes(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, millis * BYTES_PER_MS);
    }

    /** Interleaved signed 16-bit samples (what an FFmpeg grabber set to S16 produces) as little-endian PCM bytes. */
    public static byte[] littleEndian(ShortBuffer samples) {
        ShortBuffer in = samples.duplicate();
        byte[] out = new byte[in.remaining() * 2];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(in);
        return out;
    }
}
