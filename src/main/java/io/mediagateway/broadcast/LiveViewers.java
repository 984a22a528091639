package io.mediagateway.broadcast;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewers of one live byte stream (MPEG-TS, MP3 ...) on WebSockets. Live only: a viewer starts at the next
 * keyframe, never with past data. A viewer whose send queue fills up is disconnected instead of slowing the others
 * (nothing here ever waits for a socket). Written for the livestream sockets; the virtual-input feed keeps the same
 * logic in {@code feed.FeedBroadcaster} and can move onto this class.
 */
public final class LiveViewers {

    private static final Logger LOG = LoggerFactory.getLogger(LiveViewers.class);

    private final String logPrefix;
    private final String name;
    private final int queueBytes;
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final AtomicLong slowDropped = new AtomicLong();

    /** @param logPrefix e.g. {@code [livestream]}; @param name what the viewers watch, for log lines */
    public LiveViewers(String logPrefix, String name, int queueBytes) {
        this.logPrefix = logPrefix;
        this.name = name;
        this.queueBytes = queueBytes;
    }

    /** Takes an upgraded socket; it receives from the next keyframe on. Anything the viewer sends is ignored. */
    public void add(ServerWebSocket socket) {
        socket.setWriteQueueMaxSize(queueBytes);
        Viewer viewer = new Viewer(socket);
        viewers.add(viewer);
        socket.closeHandler(v -> {
            if (viewers.remove(viewer)) {
                LOG.info("{} viewer left stream={} viewers={}", logPrefix, name, viewers.size());
            }
        });
        socket.frameHandler(frame -> { });
        LOG.info("{} viewer joined stream={} viewers={}", logPrefix, name, viewers.size());
    }

    public boolean isEmpty() {
        return viewers.isEmpty();
    }

    public int size() {
        return viewers.size();
    }

    public long slowDropped() {
        return slowDropped.get();
    }

    /** One piece of the live stream; {@code keyframe} when a new viewer may start with it. Never blocks. */
    public void send(byte[] bytes, boolean keyframe) {
        if (viewers.isEmpty() || bytes.length == 0) {
            return;
        }
        Buffer buffer = Buffer.buffer(bytes);
        for (Viewer viewer : viewers) {
            if (!viewer.started) {
                if (!keyframe) {
                    continue;
                }
                viewer.started = true;
            }
            if (viewer.socket.writeQueueFull()) {
                viewers.remove(viewer);
                slowDropped.incrementAndGet();
                viewer.socket.close((short) 1008, "viewer too slow: the stream is live and does not wait");
                LOG.info("{} viewer dropped stream={} reason=slow viewers={}", logPrefix, name, viewers.size());
                continue;
            }
            viewer.socket.writeBinaryMessage(buffer);
        }
    }

    /** Closes every viewer with {@code code} and {@code reason} (e.g. the stream stopped). */
    public void closeAll(short code, String reason) {
        for (Viewer viewer : viewers) {
            viewers.remove(viewer);
            if (!viewer.socket.isClosed()) {
                viewer.socket.close(code, reason);
            }
        }
    }

    private static final class Viewer {
        final ServerWebSocket socket;
        volatile boolean started;

        Viewer(ServerWebSocket socket) {
            this.socket = socket;
        }
    }
}
