package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mediagateway.http.ApiException;

/**
 * The livestreams' WebRTC viewers (bean {@code webRtcViewers}), by stream: a {@code webrtc:<stream>?viewers=...}
 * producer opens its stream's {@link LiveBroadcast} when its route starts and closes it (every viewer with it) when the
 * route stops; offers for that stream add viewers until the cap.
 */
public class WebRtcViewers {

    private final WebRtcEngine engine;
    private final int maxViewersPerStream;
    private final Duration connectTimeout;
    private final Map<String, LiveBroadcast> broadcasts = new ConcurrentHashMap<>();

    public WebRtcViewers(WebRtcEngine engine, int maxViewersPerStream, Duration connectTimeout) {
        this.engine = engine;
        this.maxViewersPerStream = maxViewersPerStream;
        this.connectTimeout = connectTimeout;
    }

    /** Opens a stream's broadcast (its producer started); one replaced by a newer route of the same stream is closed. */
    LiveBroadcast open(String streamId) {
        LiveBroadcast broadcast = new LiveBroadcast(engine, streamId, maxViewersPerStream, connectTimeout);
        LiveBroadcast previous = broadcasts.put(streamId, broadcast);
        if (previous != null) {
            previous.close("replaced by a new route of the stream");
        }
        return broadcast;
    }

    /** Closes a broadcast (its producer stopped): every viewer, then the sources. */
    void close(LiveBroadcast broadcast, String reason) {
        broadcasts.remove(broadcast.streamId(), broadcast);
        broadcast.close(reason);
    }

    /**
     * Answers a viewer's offer for {@code streamId} ({@code {"type":"answer","sdp":...}}): 400 for a bad offer, 409 while
     * the stream's route is not running, 503 past gateway.livestream.max-webrtc-viewers or while another viewer joins
     * (gateway.webrtc.join-wait, max-waiting-joins).
     */
    public Map<String, Object> offer(String streamId, String sdp) {
        SdpOffer offer = SdpOffer.forViewer(sdp);
        LiveBroadcast broadcast = broadcasts.get(streamId);
        if (broadcast == null) {
            throw ApiException.conflict("Stream '" + streamId + "' is not sending to WebRTC viewers right now.");
        }
        return broadcast.offer(offer);
    }

    /** Viewers of a stream (connected or connecting), or null when it has no broadcast. */
    public Integer viewers(String streamId) {
        LiveBroadcast broadcast = broadcasts.get(streamId);
        return broadcast == null ? null : broadcast.viewers();
    }

    /** True while the stream's pictures or sound arrive. */
    public boolean streaming(String streamId) {
        LiveBroadcast broadcast = broadcasts.get(streamId);
        return broadcast != null && broadcast.streaming();
    }

    /** Viewers of every stream together (for metrics). */
    public int totalViewers() {
        return broadcasts.values().stream().mapToInt(LiveBroadcast::viewers).sum();
    }
}
