package io.mediagateway.mediasocket;

/**
 * Told at once, on the connection's event loop, when a publisher asks for what it sent to be dropped unplayed: a
 * {@code {"type":"flush"}} text frame (barge-in: a voice agent interrupts itself) or a close with code
 * {@value MediaSocketConnection#FLUSH_CLOSE_CODE}. Chunks the socket still queues are dropped by the socket itself;
 * this is for what the route has already taken (a playout queue). It must not block.
 */
@FunctionalInterface
public interface MediaSocketFlush {

    MediaSocketFlush NONE = (path, connection) -> { };

    void flush(String path, String connection);
}
