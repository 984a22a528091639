package io.mediagateway.rtmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.vertx.core.buffer.Buffer;

/**
 * A small blocking RTMP client for tests and the fan-out bench: handshake, connect, publish or play, and raw bytes
 * for bad-input cases. Uses the server's own chunk and AMF codecs (the interop with real peers is proven by ffmpeg).
 */
public final class RtmpTestClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Deque<RtmpMessage> received = new ArrayDeque<>();
    private final ChunkDecoder decoder = new ChunkDecoder(16 * 1024 * 1024, received::add);
    private int transaction = 1;

    private RtmpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A TCP connection, nothing sent yet. {@code localAddress} null: the default. */
    public static RtmpTestClient open(String host, int port, String localAddress) throws IOException {
        Socket socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return new RtmpTestClient(socket);
    }

    /** Handshake + connect to {@code app}; returns once the server answered _result. */
    public static RtmpTestClient connect(String host, int port, String app) throws IOException {
        RtmpTestClient client = open(host, port, null);
        client.handshake();
        client.connectApp(app);
        return client;
    }

    public void handshake() throws IOException {
        byte[] c0c1 = new byte[1537];
        c0c1[0] = 3;
        out.write(c0c1);
        byte[] s0s1s2 = in.readNBytes(1 + 2 * 1536);
        if (s0s1s2.length < 1 + 2 * 1536 || s0s1s2[0] != 3) {
            throw new IOException("bad handshake reply (" + s0s1s2.length + " bytes)");
        }
        out.write(s0s1s2, 1, 1536); // C2: echo of S1
    }

    public void connectApp(String app) throws IOException {
        command("connect", Map.of("app", app, "tcUrl", "rtmp://127.0.0.1/" + app));
        awaitCommand("_result");
    }

    /** createStream + publish; returns the onStatus code (NetStream.Publish.Start when accepted). */
    public String publish(String name) throws IOException {
        command("createStream", null);
        awaitCommand("_result");
        send(new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, 1, Amf0.encode("publish", 0.0, null, name, "live")));
        return statusCode(awaitCommand("onStatus"));
    }

    /** createStream + play; returns the code of the first onStatus. */
    public String play(String name) throws IOException {
        command("createStream", null);
        awaitCommand("_result");
        send(new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, 1, Amf0.encode("play", 0.0, null, name, -1000.0)));
        return statusCode(awaitCommand("onStatus"));
    }

    public void command(String name, Object argument) throws IOException {
        send(new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, 0, Amf0.encode(name, (double) transaction++, argument)));
    }

    public void send(RtmpMessage message) throws IOException {
        out.write(ChunkEncoder.encode(message, ChunkDecoder.DEFAULT_CHUNK_SIZE).getBytes());
    }

    /**
     * Begins a video message declaring {@code declaredLength} bytes on chunk stream {@code csid} (2..63) and sends
     * only {@code payloadBytes} of it, in whole 128-byte chunks: what a peer pinning server memory does.
     */
    public void sendUnfinished(int csid, int declaredLength, int payloadBytes) throws IOException {
        Buffer wire = Buffer.buffer().appendByte((byte) csid).appendMedium(0).appendMedium(declaredLength)
                .appendByte((byte) RtmpMessage.VIDEO).appendIntLE(1);
        for (int sent = 0; sent < payloadBytes; sent += ChunkDecoder.DEFAULT_CHUNK_SIZE) {
            if (sent > 0) {
                wire.appendByte((byte) (0xC0 | csid)); // type 3: the next chunk of the same message
            }
            wire.appendBytes(new byte[Math.min(ChunkDecoder.DEFAULT_CHUNK_SIZE, payloadBytes - sent)]);
        }
        sendRaw(wire.getBytes());
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message from the server (blocking up to the socket timeout). */
    public RtmpMessage next() throws IOException {
        byte[] buffer = new byte[16 * 1024];
        while (received.isEmpty()) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("closed by the server");
            }
            decoder.feed(Buffer.buffer().appendBytes(buffer, 0, n));
        }
        return received.poll();
    }

    /** Skips messages until a command of that name; returns its values. */
    public List<Object> awaitCommand(String name) throws IOException {
        while (true) {
            RtmpMessage message = next();
            if (message.type() == RtmpMessage.COMMAND_AMF0) {
                List<Object> values = Amf0.decodeAll(message.payload());
                if (name.equals(values.get(0))) {
                    return values;
                }
            }
        }
    }

    /** Reads and discards until the server closes the connection; false if it did not within the limit. */
    public boolean closedByServer(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] buffer = new byte[16 * 1024];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    /** Reads raw bytes (no decoding): for the bench's players. Returns -1 at end of stream. */
    public int readRaw(byte[] buffer) throws IOException {
        return in.read(buffer);
    }

    public void timeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    static String statusCode(List<Object> onStatus) {
        return onStatus.size() > 3 && onStatus.get(3) instanceof Map<?, ?> info ? String.valueOf(info.get("code")) : "?";
    }

    @Override
    public void close() throws IOException {
        decoder.release();
        socket.close();
    }
}
