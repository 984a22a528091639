package io.mediagateway.virtualinput;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a virtual input's media comes from. */
public enum SourceType {
    /** Chunks pushed over the gateway's ingest WebSocket. */
    SOCKET,
    /** A WebRTC publisher negotiated through the offer endpoint. */
    WEBRTC,
    /** A live URL the gateway pulls (http, rtmp, rtsp, srt ...). */
    STREAM,
    /** A media file played at real-time pace, looping. */
    FILE;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    /** True when clients push media to the gateway (and so get an ingest URL); false when the gateway pulls a URL. */
    public boolean isPushed() {
        return this == SOCKET || this == WEBRTC;
    }

    public static String choices() {
        return Arrays.stream(values()).map(SourceType::id).collect(Collectors.joining(", "));
    }
}
