package io.mediagateway.webrtc;

/** A WebRTC operation that failed (negotiation, a native call, the engine shut down). */
public class WebRtcException extends RuntimeException {

    public WebRtcException(String message) {
        super(message);
    }

    public WebRtcException(String message, Throwable cause) {
        super(message, cause);
    }
}
