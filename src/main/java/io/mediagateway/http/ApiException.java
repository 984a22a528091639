package io.mediagateway.http;

/** A request the gateway refuses, with the HTTP status and a message that says what to fix. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** A system part the request needs (PulseAudio, X display, v4l2 device) is missing. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }
}
