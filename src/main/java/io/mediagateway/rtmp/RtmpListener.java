package io.mediagateway.rtmp;

/** Told about a path's events and, when {@link #wantsMedia()}, its media. Called on I/O threads: must not block. */
public interface RtmpListener {

    /** The path this listener is about ({@code live/cam}). */
    String path();

    void onEvent(RtmpEvent event);

    default boolean wantsMedia() {
        return false;
    }

    /** Audio, video and metadata messages of the publisher, in order. The payload must not be modified. */
    default void onMedia(RtmpMessage message) {
    }
}
