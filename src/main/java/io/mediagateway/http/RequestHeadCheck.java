package io.mediagateway.http;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses, before routing, a request whose head the router below would mishandle, and names what the HTTP codec
 * refused. Each refusal closes the connection: the body of a refused request is never read, and reading on would
 * take its bytes for the next request (RFC 9112 §6.3).
 */
final class RequestHeadCheck {

    /** A refusal: the status and the JSON message to answer with. */
    record Refusal(int status, String message) {
    }

    /**
     * Host as RFC 3986 allows it, minus percent-encoding: Vert.x's own authority parser throws on a trailing
     * {@code %xx} and the request then never gets an answer; no real client percent-encodes a host name.
     */
    private static final Pattern HOST = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]{2,45}]|[A-Za-z0-9._~!$&'()*+,;=-]{1,253})(:[0-9]{1,5})?");

    private RequestHeadCheck() {
    }

    /** Why this well-formed request must not reach the router, or null when it may. */
    static Refusal refusal(HttpServerRequest request) {
        List<String> hosts = request.headers().getAll(HttpHeaders.HOST);
        if (hosts.size() > 1) {
            return new Refusal(400, "The request has " + hosts.size() + " Host headers; send one.");
        }
        if (hosts.size() == 1 && !hosts.get(0).isEmpty() && !HOST.matcher(hosts.get(0)).matches()) {
            return new Refusal(400, "The Host header is not a host name or address with an optional port.");
        }
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        // (with chunked and a Content-Length, Netty has already dropped the Content-Length, as RFC 9112 §6.3 allows)
        if (encoding != null && !"chunked".equals(encoding.trim().toLowerCase(Locale.ROOT))) {
            return new Refusal(400, "Transfer-Encoding '" + printable(encoding)
                    + "' is not supported; send the body with Content-Length or Transfer-Encoding: chunked.");
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null && !"100-continue".equalsIgnoreCase(expect.trim())) {
            return new Refusal(417, "Expect '" + printable(expect) + "' is not supported; only 100-continue is.");
        }
        return null;
    }

    /** What the HTTP codec refused, for a request whose head it could not decode. */
    static Refusal decodeFailure(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            return new Refusal(414, "The request line is too long.");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new Refusal(431, "The request headers are too large.");
        }
        if (cause instanceof TooLongFrameException) {
            return new Refusal(400, "A request line or header is too long.");
        }
        return new Refusal(400, "Malformed HTTP request"
                + (cause == null || cause.getMessage() == null ? "." : ": " + printable(cause.getMessage()) + "."));
    }

    /** A header value as it may appear in an answer: printable ASCII only, at most 64 characters. */
    private static String printable(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "…";
    }
}
