package io.mediagateway.rtmp;

/** Headers of the exchanges an {@code rtmp:} consumer emits. */
public final class RtmpConstants {

    /** {@link RtmpEvent#PUBLISHED}, {@link RtmpEvent#UNPUBLISHED}, {@link RtmpEvent#PLAY_STARTED}, {@link RtmpEvent#PLAY_STOPPED} or {@link #MEDIA}. */
    public static final String EVENT = "RtmpEvent";
    /** The path ({@code live/cam}). */
    public static final String PATH = "RtmpPath";
    /** IP address of the publisher or player the event is about. */
    public static final String REMOTE_ADDRESS = "RtmpRemoteAddress";
    /** Why a publisher or player left. */
    public static final String DETAIL = "RtmpDetail";
    /** On media: 8 audio, 9 video, 18 metadata (onMetaData); the body is the FLV tag body (byte[]). */
    public static final String MESSAGE_TYPE = "RtmpMessageType";
    /** On media: the RTMP timestamp in milliseconds. */
    public static final String TIMESTAMP = "RtmpTimestamp";
    /** On media: true for a video key frame. */
    public static final String KEY_FRAME = "RtmpKeyFrame";

    public static final String MEDIA = "media";

    private RtmpConstants() {
    }
}
