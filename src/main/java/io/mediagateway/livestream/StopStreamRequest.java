package io.mediagateway.livestream;

/** The body of POST /stream/stop: {@code {"id"?}} (default {@code default}). */
public record StopStreamRequest(String id) {
}
