package io.mediagateway.virtualinput;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which PulseAudio sink ingest audio plays into. */
public enum AudioDestination {
    /** The input sink, heard by apps through the virtual microphone source. */
    MICROPHONE,
    /** The output sink: what the desktop plays and livestreams capture. */
    SPEAKER;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }
}
