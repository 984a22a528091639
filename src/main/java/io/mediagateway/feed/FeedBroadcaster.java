package io.mediagateway.feed;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.video.I420Frame;
import io.mediagateway.video.Mpeg1Segment;
import io.mediagateway.video.VirtualCamera;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feed: camera frames encoded to MPEG-1 TS, or the publisher's MPEG-1 passed through as it is, sent to
 * every viewer of {@code WS /input/devices/virtual/feed/socket}. Live only: a viewer starts at the next keyframe
 * (sequence header), never with past data. A viewer whose send queue fills up is disconnected instead of slowing the
 * others (nothing here ever waits for a socket). Nothing is encoded while nobody watches. Both paths make one
 * continuous program ({@link FeedPackets}); after passthrough the encoder starts afresh, with a sequence header.
 */
public class FeedBroadcaster implements AutoCloseable {

    public static final String SOCKET_PATH = "/input/devices/virtual/feed/socket";
    private static final Logger LOG = LoggerFactory.getLogger(FeedBroadcaster.class);

    private final VirtualCamera camera;
    private final int viewerQueueBytes;
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final AtomicLong slowViewersDropped = new AtomicLong();
    private final AtomicLong segmentsSent = new AtomicLong();
    private final FeedPackets packets = new FeedPackets();
    private FeedEncoder encoder; // under the camera's emit lock only
    private Route route;

    public FeedBroadcaster(VirtualCamera camera, int viewerQueueBytes) {
        this.camera = camera;
        this.viewerQueueBytes = viewerQueueBytes;
    }

    public void attach(GatewayHttpServer server) {
        route = server.router().route(SOCKET_PATH).handler(ctx -> {
            if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
                server.respond(ctx, 426, SOCKET_PATH + " is a WebSocket endpoint; open /input/devices/virtual/feed to watch.");
                return;
            }
            ctx.request().toWebSocket().onSuccess(this::addViewer);
        });
    }

    public int viewers() {
        return viewers.size();
    }

    public long slowViewersDropped() {
        return slowViewersDropped.get();
    }

    /** One camera frame (camera clock thread). */
    public void publish(I420Frame frame) {
        if (viewers.isEmpty()) {
            closeEncoder();
            return;
        }
        try {
            if (encoder == null || !encoder.fits(frame)) {
                closeEncoder();
                VirtualCamera.Settings settings = camera.settings();
                encoder = new FeedEncoder(frame.width(), frame.height(), settings == null ? 30 : settings.frameRate());
            }
            FeedEncoder.Segment segment = encoder.encode(frame);
            if (segment.bytes().length > 0) {
                send(packets.encoded(segment.bytes()), segment.keyframe());
            }
        } catch (Exception e) {
            LOG.warn("[virtual-input] feed encoding failed error=\"{}\"", e.getMessage());
            closeEncoder();
        }
    }

    /** Passed-through MPEG-1 of the camera's size and rate (publisher thread, under the camera's emit lock). */
    public void publish(Mpeg1Segment segment) {
        closeEncoder(); // when the clock takes over again, its first picture must be a keyframe
        if (!viewers.isEmpty()) {
            send(packets.passthrough(segment.ts(), segment.sequenceStart()), segment.sequenceStart());
        }
    }

    @Override
    public void close() {
        if (route != null) {
            route.remove();
        }
        viewers.forEach(v -> v.socket.close((short) 1001, "gateway shutting down"));
        closeEncoder();
    }

    private void send(byte[] ts, boolean keyframe) {
        Buffer bytes = Buffer.buffer(ts);
        for (Viewer viewer : viewers) {
            if (!viewer.started) {
                if (!keyframe) {
                    continue;
                }
                viewer.started = true;
            }
            if (viewer.socket.writeQueueFull()) {
                viewers.remove(viewer);
                slowViewersDropped.incrementAndGet();
                viewer.socket.close((short) 1008, "viewer too slow: the feed is live and does not wait");
                LOG.info("[virtual-input] feed viewer dropped reason=slow viewers={}", viewers.size());
                continue;
            }
            viewer.socket.writeBinaryMessage(bytes);
        }
        segmentsSent.incrementAndGet();
    }

    private void addViewer(ServerWebSocket socket) {
        socket.setWriteQueueMaxSize(viewerQueueBytes);
        Viewer viewer = new Viewer(socket);
        viewers.add(viewer);
        socket.closeHandler(v -> {
            viewers.remove(viewer);
            LOG.info("[virtual-input] feed viewer left viewers={}", viewers.size());
        });
        // viewers only receive; anything they send is ignored
        socket.frameHandler(frame -> { });
        LOG.info("[virtual-input] feed viewer joined viewers={}", viewers.size());
    }

    private void closeEncoder() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
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
