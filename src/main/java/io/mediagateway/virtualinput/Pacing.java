package io.mediagateway.virtualinput;

import com.fasterxml.jackson.annotation.JsonValue;

/** How pushed media meets the clock (SPEC "Playout"): configure's {@code audio.pacing}. */
public enum Pacing {
    /** Everything pushed plays once, in order, at its own rate; a publisher ahead of real time is slowed by back-pressure. */
    TIMESTAMPS,
    /** Lowest latency over completeness: what arrives beyond a short buffer drops the oldest (counted). */
    LATEST;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }
}
