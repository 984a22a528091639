package io.mediagateway.virtualinput;

import com.fasterxml.jackson.annotation.JsonValue;

public enum MediaKind {
    VIDEO, AUDIO;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }
}
