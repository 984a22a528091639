package io.mediagateway.livestream;

/**
 * Bytes an encoder produced for one picture or one block of sound, in its container (FLV tags, TS packets, MP3
 * frames). {@code keyframe}: a new viewer or a reconnected push may start here. {@code init}: the container header a
 * receiver needs before anything else (FLV header and codec configuration); sent once to each new receiver.
 */
public record Segment(byte[] bytes, boolean keyframe, boolean init) {

    static Segment init(byte[] bytes) {
        return new Segment(bytes, false, true);
    }
}
