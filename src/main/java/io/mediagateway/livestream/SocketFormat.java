package io.mediagateway.livestream;

import java.util.Locale;

/** What a socket stream sends: MPEG-TS (MPEG-1 video + MP2 audio, plays in JSMpeg) or MP3 audio only. */
public enum SocketFormat {
    MPEGTS,
    MP3;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
