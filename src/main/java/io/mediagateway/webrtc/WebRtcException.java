package io.mediagateway.webrtc;

/**
 * A WebRTC operation that failed (negotiation, a native call, the engine shut down). {@link #unavailable()} tells the
 * gateway's own state (owner thread overrun, shut down, interrupted) from a refusal of the remote side's input.
 */
public class WebRtcException extends RuntimeException {

    private final boolean unavailable;

    public WebRtcException(String message) {
        this(message, null, false);
    }

    public WebRtcException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private WebRtcException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** WebRTC cannot serve right now (busy owner thread, shut down, interrupted): not the client's fault. */
    public static WebRtcException unavailable(String message) {
        return new WebRtcException(message, null, true);
    }

    public boolean unavailable() {
        return unavailable;
    }
}
