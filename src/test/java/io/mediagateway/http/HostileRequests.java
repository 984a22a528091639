package io.mediagateway.http;

import java.util.List;

/** Requests whose head or framing is wrong, each with the status the gateway must answer (as JSON, then close). */
final class HostileRequests {

    record Case(String name, String request, int status, String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileRequests() {
    }

    static List<Case> all() {
        return List.of(
                new Case("Host %00", get("/input/devices/virtual/status", "Host: %00"), 400, "Host header"),
                new Case("Host a%41", get("/input/devices/virtual/status", "Host: a%41"), 400, "Host header"),
                new Case("POST with Host %00", "POST /input/devices/virtual/stop HTTP/1.1\r\nHost: %00\r\n"
                        + "Content-Length: 0\r\n\r\n", 400, "Host header"),
                new Case("Host with a space", get("/health", "Host: a b"), 400, "Host header"),
                new Case("two Host headers", get("/health", "Host: a\r\nHost: b"), 400, "2 Host headers"),
                new Case("9 KB Host", get("/health", "Host: " + "a".repeat(9000)), 431, "headers are too large"),
                new Case("200 headers", get("/health", "Host: x\r\n" + "X-Pad: 0123456789012345678901234567890123456789\r\n"
                        .repeat(199) + "X-Pad: end"), 431, "headers are too large"),
                new Case("10 KB URI", get("/" + "a".repeat(10_000), "Host: x"), 414, "request line is too long"),
                new Case("HTTP/9.9", "GET /health HTTP/9.9\r\nHost: x\r\n\r\n", 505, "HTTP version"),
                new Case("HTTP/2.0 request line", "GET /health HTTP/2.0\r\nHost: x\r\n\r\n", 505, "HTTP version"),
                new Case("not HTTP", "GARBAGE\r\n\r\n", 400, "Malformed HTTP request"),
                new Case("Expect other than 100-continue", post("/input/devices/virtual/stop", "Expect: foo\r\n"
                        + "Content-Length: 2", "{}"), 417, "Expect 'foo'"),
                new Case("Transfer-Encoding identity", post("/stream/stop", "Transfer-Encoding: identity",
                        "{\"id\":\"abc\"}"), 400, "Transfer-Encoding 'identity'"),
                new Case("Transfer-Encoding gzip", post("/input/devices/virtual/stop", "Transfer-Encoding: gzip",
                        "{\"please\":\"do not stop\"}"), 400, "Transfer-Encoding 'gzip'"),
                new Case("Transfer-Encoding gzip, chunked", post("/input/devices/virtual/stop",
                        "Transfer-Encoding: gzip, chunked", "0\r\n\r\n"), 400, "Transfer-Encoding 'gzip, chunked'"),
                new Case("bad chunk size", post("/stream/stop", "Transfer-Encoding: chunked", "zz\r\n{}\r\n0\r\n\r\n"),
                        400, "chunked encoding"));
    }

    private static String get(String path, String headers) {
        return "GET " + path + " HTTP/1.1\r\n" + headers + "\r\n\r\n";
    }

    private static String post(String path, String headers, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + headers + "\r\n\r\n" + body;
    }
}
