package io.mediagateway.webrtc;

/** Headers of the {@code webrtc:} component. */
public final class WebRtcConstants {

    /** On consumer exchanges: {@code video} (body {@link io.mediagateway.video.I420Frame}) or {@code audio} (body PCM bytes). */
    public static final String KIND = "WebRtcKind";

    private WebRtcConstants() {
    }
}
