package io.mediagateway.source;

/** Headers of the {@code source:} consumer's exchanges. */
public final class SourceConstants {

    /** {@code video} (body: a camera-sized {@link io.mediagateway.video.I420Frame}) or {@code audio} (body: PCM). */
    public static final String KIND = "SourceKind";

    private SourceConstants() {
    }
}
