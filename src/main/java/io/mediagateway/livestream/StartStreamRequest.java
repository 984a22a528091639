package io.mediagateway.livestream;

/**
 * The body of POST /stream/start as sent. Loosely typed (strings for enums, boxed numbers) so that
 * {@link StreamValidator} can tell the client exactly what is wrong.
 */
public record StartStreamRequest(String id, String mode, String targetUrl, Integer framerate, String format) {
}
