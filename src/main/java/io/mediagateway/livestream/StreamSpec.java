package io.mediagateway.livestream;

/** A validated start request, defaults filled in. {@code targetUrl} only for remote, {@code format} only for socket. */
public record StreamSpec(String id, StreamMode mode, String targetUrl, int framerate, SocketFormat format) {

    /** What the stream's output needs from the encoder. */
    public Encoding encoding() {
        return switch (mode) {
            case INTERNAL, REMOTE -> Encoding.FLV_H264_AAC;
            case SOCKET -> format == SocketFormat.MP3 ? Encoding.MP3 : Encoding.TS_MPEG1_MP2;
            case WEBRTC -> Encoding.I420_PCM;
        };
    }
}
