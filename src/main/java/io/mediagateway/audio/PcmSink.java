package io.mediagateway.audio;

import java.io.IOException;

/** Where paced PCM ({@link Pcm} format) goes. {@link #write} blocks while the device's buffer is full. */
public interface PcmSink extends AutoCloseable {

    /** Plays {@code length} bytes; blocks until the device has room (so the device's clock paces the caller). */
    void write(byte[] pcm, int offset, int length) throws IOException;

    /** Human-readable target, for logs (e.g. "audio_input on unix:/tmp/pulse/native"). */
    String describe();

    @Override
    void close();

    /** Opens a sink; called again after the sink failed (e.g. PulseAudio restarted). */
    @FunctionalInterface
    interface Opener {
        PcmSink open() throws IOException;
    }
}
