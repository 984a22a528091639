package io.mediagateway.broadcast;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewers of one live byte stream (MPEG-TS, MP3 ...) on WebSockets: the virtual-input feed and each socket
 * livestream. Live only: a viewer starts at the next keyframe, never with past data. A viewer whose send queue fills
 * up is disconnected instead of slowing the others (nothing here ever waits for a socket).
 *
 * <p>Fan-out costs one task per event loop, not one per viewer: viewers are grouped by the event loop their
 * connection lives on, and each piece is handed to every loop once, which writes it to its viewers in order.
 */
public final class LiveViewers {

    private static final Logger LOG = LoggerFactory.getLogger(LiveViewers.class);

    private final String logPrefix;
    private final String name;
    private final int queueBytes;
    private final Map<Context, List<Viewer>> byLoop = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong slowDropped = new AtomicLong();

    /** @param logPrefix e.g. {@code [livestream]}; @param name what the viewers watch, for log lines */
    public LiveViewers(String logPrefix, String name, int queueBytes) {
        this.logPrefix = logPrefix;
        this.name = name;
        this.queueBytes = queueBytes;
    }

    /**
     * Takes an upgraded socket, on its event loop (the upgrade's completion handler); it receives from the next
     * keyframe on. Anything the viewer sends is ignored.
     */
    public void add(ServerWebSocket socket) {
        Context loop = Vertx.currentContext();
        if (loop == null) {
            throw new IllegalStateException("add viewers from their connection's event loop");
        }
        socket.setWriteQueueMaxSize(queueBytes);
        Viewer viewer = new Viewer(socket);
        byLoop.computeIfAbsent(loop, c -> new CopyOnWriteArrayList<>()).add(viewer);
        count.incrementAndGet();
        socket.closeHandler(v -> {
            if (remove(loop, viewer)) {
                LOG.info("{} viewer left stream={} viewers={}", logPrefix, name, count.get());
            }
        });
        socket.frameHandler(frame -> { });
        LOG.info("{} viewer joined stream={} viewers={}", logPrefix, name, count.get());
    }

    public boolean isEmpty() {
        return count.get() == 0;
    }

    public int size() {
        return count.get();
    }

    public long slowDropped() {
        return slowDropped.get();
    }

    /** One piece of the live stream; {@code keyframe} when a new viewer may start with it. Never blocks. */
    public void send(byte[] bytes, boolean keyframe) {
        if (isEmpty() || bytes.length == 0) {
            return;
        }
        Buffer buffer = Buffer.buffer(bytes);
        byLoop.forEach((loop, viewers) -> {
            if (!viewers.isEmpty()) {
                loop.runOnContext(v -> write(loop, viewers, buffer, keyframe));
            }
        });
    }

    /** On {@code loop}: writes to each of its viewers, or drops the ones that fell behind. */
    private void write(Context loop, List<Viewer> viewers, Buffer buffer, boolean keyframe) {
        for (Viewer viewer : viewers) {
            if (!viewer.started) {
                if (!keyframe) {
                    continue;
                }
                viewer.started = true;
            }
            if (viewer.socket.writeQueueFull()) {
                if (remove(loop, viewer)) {
                    slowDropped.incrementAndGet();
                    viewer.socket.close((short) 1008, "viewer too slow: the stream is live and does not wait");
                    LOG.info("{} viewer dropped stream={} reason=slow viewers={}", logPrefix, name, count.get());
                }
                continue;
            }
            viewer.socket.writeBinaryMessage(buffer);
        }
    }

    /** Closes every viewer with {@code code} and {@code reason} (e.g. the stream stopped). */
    public void closeAll(short code, String reason) {
        byLoop.forEach((loop, viewers) -> {
            for (Viewer viewer : viewers) {
                if (remove(loop, viewer) && !viewer.socket.isClosed()) {
                    viewer.socket.close(code, reason);
                }
            }
        });
    }

    private boolean remove(Context loop, Viewer viewer) {
        List<Viewer> viewers = byLoop.get(loop);
        if (viewers != null && viewers.remove(viewer)) {
            count.decrementAndGet();
            return true;
        }
        return false;
    }

    private static final class Viewer {
        final ServerWebSocket socket;
        boolean started; // its event loop only

        Viewer(ServerWebSocket socket) {
            this.socket = socket;
        }
    }
}
