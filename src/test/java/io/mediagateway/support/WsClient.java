package io.mediagateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.io.ByteArrayOutputStream;

/** A WebSocket test client (JDK): records text and binary messages and the close it receives. */
public final class WsClient implements AutoCloseable {

    /** A refused upgrade: the HTTP status and body the gateway answered with. */
    public record Refusal(int status, String body) {
    }

    public record Close(int code, String reason) {
    }

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private WebSocket socket;

    private WsClient() {
    }

    public static WsClient connect(int port, String path) {
        WsClient client = new WsClient();
        try {
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + path), client.listener()).get(20, TimeUnit.SECONDS);
            return client;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> response = refused.getResponse();
                throw new RefusedException(new Refusal(response.statusCode(), String.valueOf(response.body())));
            }
            throw new IllegalStateException("connect failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("connect failed: " + e, e);
        }
    }

    /** Connects expecting a refusal; fails if the upgrade succeeds. */
    public static Refusal refused(int port, String path) {
        try (WsClient unexpected = connect(port, path)) {
            throw new AssertionError("expected the upgrade of " + path + " to be refused");
        } catch (RefusedException e) {
            return e.refusal;
        }
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /**
     * Sends a message the gateway must refuse as too big and waits for the end of the connection. Returns the close
     * the client saw, or null when it saw none: the JDK client, still writing when the gateway closes, reports
     * whichever it meets first (the close frame 1009, the dropped connection 1006 or -1 from onError) or nothing but
     * its failed write. Callers check the gateway's side (slot released, nothing decoded); the exact 1009 is proven
     * with {@link RawWebSocket}, which sees every frame.
     */
    public Close sendOverLimit(byte[] data, Duration wait) {
        try {
            sendBinary(data);
        } catch (java.util.concurrent.CompletionException closedWhileSending) {
            // the gateway closed before the client had written the whole message
        }
        Close close = awaitClose(wait);
        if (close != null && close.code() != 1009 && close.code() != 1006 && close.code() != -1) {
            throw new AssertionError("an over-limit message ended with " + close);
        }
        return close;
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public String nextText(Duration wait) throws InterruptedException {
        return texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public byte[] nextBinary(Duration wait) throws InterruptedException {
        return binaries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public BlockingQueue<byte[]> binaries() {
        return binaries;
    }

    /** The close the server sent, or null if none came within {@code wait}. */
    public Close awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Sends a close frame with {@code code} (e.g. 4000: flush) and waits up to 10 s for the gateway's. */
    public Close closeWith(int code, String reason) {
        socket.sendClose(code, reason).join();
        return awaitClose(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        if (socket != null) {
            socket.abort();
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();
            private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    texts.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                binary.writeBytes(chunk);
                if (last) {
                    binaries.add(binary.toByteArray());
                    binary.reset();
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(new Close(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(new Close(-1, String.valueOf(error)));
            }
        };
    }

    static final class RefusedException extends RuntimeException {
        final Refusal refusal;

        RefusedException(Refusal refusal) {
            super("refused: " + refusal);
            this.refusal = refusal;
        }
    }
}
