package io.mediagateway.mediasocket;

/** Headers of the exchanges a {@code media-socket} consumer emits. */
public final class MediaSocketConstants {

    /** {@link #CONNECTED}, {@link #DATA} or {@link #DISCONNECTED}. */
    public static final String EVENT = "MediaSocketEvent";
    /** Unique per connection; the same on all events of one connection. */
    public static final String CONNECTION_ID = "MediaSocketConnectionId";
    /** 1, 2, 3 ... per connection, on data events: the order the publisher sent the chunks in. */
    public static final String SEQUENCE = "MediaSocketSequence";
    /** On disconnected events: the close reason (from the publisher, or why the gateway closed it). */
    public static final String CLOSE_REASON = "MediaSocketCloseReason";

    public static final String CONNECTED = "connected";
    public static final String DATA = "data";
    public static final String DISCONNECTED = "disconnected";

    private MediaSocketConstants() {
    }
}
