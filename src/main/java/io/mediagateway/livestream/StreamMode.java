package io.mediagateway.livestream;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a livestream goes (SPEC "Livestreams"). */
public enum StreamMode {
    /** FLV (H.264 + AAC) pushed to the embedded RTMP server; players read rtmp://host:1935/live/{id}. */
    INTERNAL,
    /** FLV (H.264 + AAC) pushed to the client's target_url. */
    REMOTE,
    /** WebRTC viewers (VP8 + Opus). */
    WEBRTC,
    /** MPEG-TS (MPEG-1 + MP2) or MP3 to WebSocket viewers of /stream/socket/{id}. */
    SOCKET;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<StreamMode> parse(String text) {
        return Arrays.stream(values()).filter(m -> m.wire().equalsIgnoreCase(text.trim())).findFirst();
    }

    static String allowed() {
        return Arrays.stream(values()).map(StreamMode::wire).collect(Collectors.joining(", "));
    }
}
