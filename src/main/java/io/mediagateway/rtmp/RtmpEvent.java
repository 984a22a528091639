package io.mediagateway.rtmp;

/** Something that happened on a path of the server, for listeners (the {@code rtmp:} consumer). */
public record RtmpEvent(String type, String path, String remoteAddress, String detail) {

    public static final String PUBLISHED = "published";
    public static final String UNPUBLISHED = "unpublished";
    public static final String PLAY_STARTED = "play-started";
    public static final String PLAY_STOPPED = "play-stopped";
}
