package io.mediagateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** Sends bytes no HTTP client library would send, and reads what comes back until the server closes or goes quiet. */
public final class RawHttp {

    /** What came back: the status line's code (-1: nothing), the head, the body, and whether the server closed. */
    public record Answer(int status, String head, String body, boolean closed) {

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} (Latin-1) on a new connection; reads until EOF, or until {@code quiet} passes with no byte. */
    public static Answer send(int port, String request, Duration quiet) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), quiet);
    }

    public static Answer send(int port, byte[] request, Duration quiet) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout((int) quiet.toMillis());
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = false;
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                // the server kept the connection open
            } catch (java.net.SocketException e) {
                closed = true; // reset
            }
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ");
            int status = statusLine.length > 1 && statusLine[0].toUpperCase(Locale.ROOT).startsWith("HTTP/")
                    ? Integer.parseInt(statusLine[1]) : -1;
            return new Answer(status, head, body, closed);
        }
    }
}
