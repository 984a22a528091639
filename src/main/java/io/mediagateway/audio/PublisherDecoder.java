package io.mediagateway.audio;

import java.io.ByteArrayOutputStream;

/**
 * The MP3 state of one publisher connection: framing ({@link Mp3FrameScanner}) and decoding ({@link Mp3Decoder}).
 * Calls are serialised, so {@link #close()} from a control request never frees the decoder under a running decode.
 */
final class PublisherDecoder implements AutoCloseable {

    private final Mp3FrameScanner scanner = new Mp3FrameScanner();
    private final Mp3Decoder decoder = new Mp3Decoder();
    private long decodedBytes;
    private boolean closed;

    /** PCM of the frames {@code chunk} completed (empty when none, or when closed). */
    synchronized byte[] decode(byte[] chunk) {
        if (closed) {
            return new byte[0];
        }
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        for (Mp3FrameScanner.Frame frame : scanner.feed(chunk)) {
            byte[] decoded = decoder.decode(frame.data());
            pcm.write(decoded, 0, decoded.length);
        }
        decodedBytes += pcm.size();
        return pcm.toByteArray();
    }

    /** End of the publisher's stream: the last frame and what the decoder still holds. */
    synchronized byte[] finish() {
        if (closed) {
            return new byte[0];
        }
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        for (Mp3FrameScanner.Frame frame : scanner.finish()) {
            byte[] decoded = decoder.decode(frame.data());
            pcm.write(decoded, 0, decoded.length);
        }
        byte[] tail = decoder.flush();
        pcm.write(tail, 0, tail.length);
        decodedBytes += pcm.size();
        return pcm.toByteArray();
    }

    synchronized long garbageBytes() {
        return scanner.garbageBytes();
    }

    synchronized long decodeErrors() {
        return decoder.errors();
    }

    synchronized String lastDecodeError() {
        return decoder.lastError();
    }

    synchronized long decodedMillis() {
        return Pcm.millis(decodedBytes);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            decoder.close();
        }
    }
}
