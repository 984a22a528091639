package io.mediagateway.mediasocket;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

/**
 * One publisher. Vert.x delivers its messages on one event-loop thread in arrival order; each becomes a task on the
 * consumer's serial executor, so the route sees them in that same order, one at a time. The queue between the two is
 * bounded by flow control: past {@code highWater} pending chunks the socket stops reading (TCP pushes back on the
 * publisher) and resumes below half of it, so memory stays bounded and nothing is dropped or reordered here.
 */
final class MediaSocketConnection {

    private static final int MAX_REASON_BYTES = 120; // a close frame's reason must fit in 123 bytes
    /** A publisher closing with this code wants what it sent dropped, not played to the end (SPEC "Playout"). */
    static final short FLUSH_CLOSE_CODE = 4000;
    private static final Pattern FLUSH = Pattern.compile("\\s*\\{\\s*\"type\"\\s*:\\s*\"flush\"\\s*}\\s*");

    private final String id = UUID.randomUUID().toString();
    private final MediaSocketConsumer consumer;
    private final int highWater;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private volatile ServerWebSocket socket;
    private volatile Context context;
    private volatile String closeReason;
    private volatile boolean closedByGateway;
    /** Data chunks up to this sequence number were flushed by the publisher: dropped, not routed. */
    private volatile long flushedUpTo;
    private final int maxMessageBytes;
    private Buffer message = Buffer.buffer(); // event-loop only
    private boolean inText;                    // event-loop only

    MediaSocketConnection(MediaSocketConsumer consumer, int highWater, int maxMessageBytes) {
        this.consumer = consumer;
        this.highWater = highWater;
        this.maxMessageBytes = maxMessageBytes;
    }

    String id() {
        return id;
    }

    /**
     * Frames, not aggregated messages, are read: Vert.x drops the messages it still holds for a paused socket when the
     * close arrives, while frames (the close frame included) keep flowing in order through its buffer.
     */
    void attach(ServerWebSocket ws, String greeting) {
        this.socket = ws;
        this.context = Vertx.currentContext();
        enqueue(MediaSocketConstants.CONNECTED, null, 0);
        if (greeting != null && !greeting.isEmpty()) {
            ws.writeTextMessage(greeting);
        }
        ws.frameHandler(this::onFrame);
        ws.exceptionHandler(e -> closeReason = closeReason == null ? e.getMessage() : closeReason);
        ws.closeHandler(v -> onClosed());
    }

    /**
     * Closes from the gateway's side; the disconnected event follows once the socket is closed. Chunks still queued are
     * dropped, not handed to the route: they belong to a publisher the gateway let go (stop, reconfigure, over-limit
     * message), and playing its backlog would delay the disconnect and hold the slot the next publisher needs.
     */
    void close(short code, String reason) {
        closeReason = reason;
        closedByGateway = true;
        ServerWebSocket ws = socket;
        if (ws == null) {
            return;
        }
        String text = truncate(reason);
        if (context != null) {
            context.runOnContext(v -> { if (!ws.isClosed()) ws.close(code, text); });
        } else if (!ws.isClosed()) {
            ws.close(code, text);
        }
    }

    private void onFrame(WebSocketFrame frame) {
        if (disconnected.get()) {
            return;
        }
        if (frame.isClose()) {
            if (frame.closeStatusCode() == FLUSH_CLOSE_CODE) {
                flush();
            }
            announceDisconnect(frame.closeReason());
        } else if (frame.isText() || (frame.isContinuation() && inText)) {
            boolean single = frame.isText() && frame.isFinal();
            inText = !frame.isFinal();
            if (single && frame.binaryData().length() <= 256 && FLUSH.matcher(frame.textData()).matches()) {
                flush();
            } else if (frame.isFinal()) {
                consumer.textFrameIgnored();
            }
        } else if ((frame.isBinary() || frame.isContinuation()) && message != null) {
            message.appendBuffer(frame.binaryData());
            if (message.length() > maxMessageBytes) {
                message = null; // the rest of this connection is discarded
                close((short) 1009, "message larger than " + maxMessageBytes + " bytes");
            } else if (frame.isFinal()) {
                enqueue(MediaSocketConstants.DATA, message.getBytes(), sequence.incrementAndGet());
                message = Buffer.buffer();
            }
        }
    }

    /**
     * Vert.x reports the close at once, even while reading is paused and frames are still buffered. A close frame
     * arrives in order after those frames (see {@link #onFrame}); only a dropped connection, which has none, is
     * announced here, after what is buffered has drained.
     */
    private void onClosed() {
        if (paused.compareAndSet(true, false)) {
            socket.resume();
        }
        if (socket.closeStatusCode() == null) {
            context.runOnContext(v -> announceDisconnect("connection lost"));
        }
        // safety net should a close frame never be delivered
        context.owner().setTimer(5_000, t -> announceDisconnect("closed"));
    }

    private void announceDisconnect(String fromPublisher) {
        if (disconnected.compareAndSet(false, true)) {
            String reason = closeReason != null ? closeReason
                    : fromPublisher != null && !fromPublisher.isEmpty() ? fromPublisher : "closed by the publisher";
            enqueue(MediaSocketConstants.DISCONNECTED, reason, 0);
        }
    }

    /** Drops what this publisher sent so far: the chunks still queued here, and (through the endpoint) what the route holds. */
    private void flush() {
        flushedUpTo = sequence.get();
        consumer.flushRequested(this);
    }

    private void enqueue(String event, Object payload, long seq) {
        if (pending.incrementAndGet() >= highWater && paused.compareAndSet(false, true)) {
            socket.pause();
        }
        consumer.dispatch(() -> {
            try {
                if (closedByGateway && MediaSocketConstants.DATA.equals(event)) {
                    consumer.chunkDroppedAfterClose();
                    return;
                }
                if (seq > 0 && seq <= flushedUpTo) {
                    consumer.chunkFlushed();
                    return;
                }
                consumer.emit(this, event, payload, seq);
            } finally {
                if (pending.decrementAndGet() <= highWater / 2 && paused.compareAndSet(true, false)) {
                    context.runOnContext(v -> socket.resume());
                }
            }
        });
    }

    private static String truncate(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = new String(bytes, 0, MAX_REASON_BYTES, StandardCharsets.UTF_8);
        return cut.substring(0, cut.length() - 1); // drop a possibly split last character
    }
}
