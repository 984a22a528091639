package io.mediagateway.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in for a sound device in pacer tests: it consumes PCM at exactly real time from a small buffer, so
 * {@link #write} blocks like PulseAudio's does, and it keeps everything it was given. {@link #fail()} makes the next
 * write throw, as a dying PulseAudio does.
 */
final class ClockedSink implements PcmSink {

    private final long bufferNanos;
    private long startedNanos; // at the first write: a pacer thread that starts late must not find time already owed
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final AtomicBoolean failNext = new AtomicBoolean();
    private long writtenFrames;
    private volatile boolean closed;

    ClockedSink(long bufferMillis) {
        this.bufferNanos = bufferMillis * 1_000_000L;
    }

    @Override
    public void write(byte[] pcm, int offset, int length) throws IOException {
        if (failNext.getAndSet(false)) {
            throw new IOException("device went away");
        }
        synchronized (this) {
            if (writtenFrames == 0) {
                startedNanos = System.nanoTime();
            }
            written.write(pcm, offset, length);
            writtenFrames += length / Pcm.BYTES_PER_FRAME;
        }
        // block until what is queued beyond the play position fits in the buffer
        long queuedUntil = startedNanos + writtenFrames * 1_000_000_000L / Pcm.SAMPLE_RATE;
        long wait = queuedUntil - bufferNanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }

    void fail() {
        failNext.set(true);
    }

    synchronized byte[] written() {
        return written.toByteArray();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String describe() {
        return "clocked test sink";
    }

    @Override
    public void close() {
        closed = true;
    }
}
