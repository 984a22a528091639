package io.mediagateway.feed;

import io.mediagateway.broadcast.LiveViewers;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.video.I420Frame;
import io.mediagateway.video.Mpeg1Segment;
import io.mediagateway.video.VirtualCamera;
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
    private final LiveViewers viewers;
    private final FeedPackets packets = new FeedPackets();
    private FeedEncoder encoder; // under the camera's emit lock only
    private Route route;

    public FeedBroadcaster(VirtualCamera camera, int viewerQueueBytes) {
        this.camera = camera;
        this.viewers = new LiveViewers("[virtual-input]", "feed", viewerQueueBytes);
    }

    public void attach(GatewayHttpServer server) {
        route = server.router().route(SOCKET_PATH).handler(ctx -> {
            if (server.refuseUpgrade(ctx, SOCKET_PATH + " is a WebSocket endpoint; open /input/devices/virtual/feed to watch.")) {
                return;
            }
            ctx.request().toWebSocket().onSuccess(viewers::add);
        });
    }

    public int viewers() {
        return viewers.size();
    }

    public long slowViewersDropped() {
        return viewers.slowDropped();
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
                viewers.send(packets.encoded(segment.bytes()), segment.keyframe());
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
            viewers.send(packets.passthrough(segment.ts(), segment.sequenceStart()), segment.sequenceStart());
        }
    }

    @Override
    public void close() {
        if (route != null) {
            route.remove();
        }
        viewers.closeAll((short) 1001, "gateway shutting down");
        closeEncoder();
    }

    private void closeEncoder() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }
}
