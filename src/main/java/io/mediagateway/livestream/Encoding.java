package io.mediagateway.livestream;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an encoder produces. Outputs that need the same encoding of the same display at the same frame rate share
 * one encoder (internal and remote RTMP both carry {@link #FLV_H264_AAC}); WebRTC streams of a display share one
 * {@link #I420_PCM} tap.
 */
public enum Encoding {
    /** FLV with H.264 (libopenh264) and AAC: what RTMP carries. */
    FLV_H264_AAC("flv-h264-aac", true),
    /** MPEG-TS with MPEG-1 video and MP2 audio: what JSMpeg plays. */
    TS_MPEG1_MP2("mpegts-mpeg1-mp2", true),
    /** MP3 audio only. */
    MP3("mp3", false),
    /**
     * Not encoded here: copies of the pictures ({@link io.mediagateway.video.I420Frame}) and PCM blocks (48 kHz stereo
     * s16le byte[]) for WebRTC, whose peers encode (VP8, Opus) per viewer.
     */
    I420_PCM("i420-pcm", true);

    private final String id;
    private final boolean video;

    Encoding(String id, boolean video) {
        this.id = id;
        this.video = video;
    }

    public String id() {
        return id;
    }

    /** Whether it carries the display's pictures (else sound only: no X display needed). */
    public boolean hasVideo() {
        return video;
    }

    public static Optional<Encoding> byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equalsIgnoreCase(id)).findFirst();
    }
}
