package io.mediagateway.http;

/** The one error shape of the API: {@code {"message": "..."}}. */
public record ErrorBody(String message) {
}
