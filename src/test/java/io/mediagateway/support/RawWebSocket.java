package io.mediagateway.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written by hand on a plain {@link Socket}, for what polite clients never do: never read, send
 * half a fragmented message, send any opcode, or drop the TCP connection with a reset (no close frame).
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    /** Not an opcode: what {@link #readFrame} returns when the connection ended (EOF or reset) instead of a frame. */
    public static final int ENDED = -1;

    /** A frame from the server; for a close frame {@code closeCode} and {@code closeReason} are filled in. */
    public record Frame(int opcode, boolean fin, byte[] payload) {

        public int closeCode() {
            return opcode == CLOSE && payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        public String closeReason() {
            return opcode == CLOSE && payload.length > 2
                    ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int status;
    private final String responseHead;

    private RawWebSocket(Socket socket, int status, String responseHead) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.status = status;
        this.responseHead = responseHead;
    }

    /**
     * Opens a TCP connection and sends the upgrade request. {@code receiveBufferBytes} (0: system default) is set
     * before connecting, so the TCP window the server sees is small from the start.
     */
    public static RawWebSocket connect(int port, String path, int receiveBufferBytes) throws IOException {
        return connect(port, path, receiveBufferBytes, "");
    }

    /** As {@link #connect(int, String, int)}, with extra header lines (each ending in CRLF) in the upgrade request. */
    public static RawWebSocket connect(int port, String path, int receiveBufferBytes, String extraHeaders)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(20_000);
        String key = Base64.getEncoder().encodeToString(randomBytes(16));
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String head = readHead(socket.getInputStream());
        String[] statusLine = head.split("\r\n", 2)[0].split(" ");
        int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
        return new RawWebSocket(socket, status, head);
    }

    /** The HTTP status of the upgrade answer (101 when upgraded). */
    public int status() {
        return status;
    }

    public String responseHead() {
        return responseHead;
    }

    public Socket socket() {
        return socket;
    }

    /** Sends one frame (masked, as a client must). */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        sendFrame((fin ? 0x80 : 0) | opcode, payload);
    }

    /** Sends one frame whose first byte (FIN, RSV1-3, opcode) is given as is, e.g. 0xC2: a compressed binary frame. */
    public void sendFrame(int firstByte, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift) & 0xff);
            }
        }
        byte[] mask = randomBytes(4);
        frame.write(mask, 0, 4);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        frame.write(masked, 0, masked.length);
        out.write(frame.toByteArray());
        out.flush();
    }

    public void sendBinary(byte[] payload) throws IOException {
        sendFrame(BINARY, true, payload);
    }

    /**
     * Reads the next frame; null if none came within {@code wait}; an {@link #ENDED} frame if the connection ended
     * (EOF, or a reset) before one did.
     */
    public Frame readFrame(Duration wait) throws IOException {
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            DataInputStream data = new DataInputStream(in);
            int first = data.read();
            if (first < 0) {
                return new Frame(ENDED, true, new byte[0]);
            }
            int second = data.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = data.readUnsignedShort();
            } else if (length == 127) {
                length = data.readLong();
            }
            byte[] mask = (second & 0x80) != 0 ? data.readNBytes(4) : null;
            byte[] payload = data.readNBytes((int) length);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            return new Frame(first & 0x0f, (first & 0x80) != 0, payload);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (java.io.EOFException | java.net.SocketException e) {
            return new Frame(ENDED, true, new byte[0]);
        }
    }

    /**
     * Reads frames until a close frame arrives (returned) or the connection ends without one (an {@link #ENDED}
     * frame); null if neither happened within {@code wait}.
     */
    public Frame awaitClose(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = readFrame(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (frame == null) {
                return null;
            }
            if (frame.opcode() == CLOSE || frame.opcode() == ENDED) {
                return frame;
            }
        }
        return null;
    }

    /** Drops the connection with a TCP reset: no close frame, no FIN. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
