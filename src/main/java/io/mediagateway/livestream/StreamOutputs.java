package io.mediagateway.livestream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mediagateway.broadcast.LiveViewers;
import io.mediagateway.webrtc.WebRtcViewers;

/**
 * The outputs of the running streams, by stream id: the state each output reports (for StreamInfo), and the socket
 * viewers of socket streams (the WebSocket handler adds viewers, the stream-socket producer feeds them). WebRTC
 * viewers live in {@link WebRtcViewers} (the webrtc component's); their state is read from there.
 */
public class StreamOutputs {

    private final Map<String, OutputState> states = new ConcurrentHashMap<>();
    private final Map<String, LiveViewers> viewers = new ConcurrentHashMap<>();
    private final int viewerQueueBytes;
    private final WebRtcViewers webrtc;

    public StreamOutputs(int viewerQueueBytes, WebRtcViewers webrtc) {
        this.viewerQueueBytes = viewerQueueBytes;
        this.webrtc = webrtc;
    }

    void register(String streamId, OutputState state) {
        states.put(streamId, state);
    }

    void unregister(String streamId, OutputState state) {
        states.remove(streamId, state);
    }

    OutputState state(String streamId) {
        OutputState state = states.get(streamId);
        if (state == null && webrtc.viewers(streamId) != null) {
            return new OutputState() {
                @Override
                public boolean streaming() {
                    return webrtc.streaming(streamId);
                }

                @Override
                public String lastError() {
                    return null;
                }

                @Override
                public Integer viewers() {
                    return webrtc.viewers(streamId);
                }
            };
        }
        return state;
    }

    /** Answers a WebRTC viewer's offer for a running webrtc stream. */
    java.util.Map<String, Object> webrtcOffer(String streamId, String sdp) {
        return webrtc.offer(streamId, sdp);
    }

    /** WebRTC viewers of every webrtc stream together (for metrics). */
    public int webrtcViewers() {
        return webrtc.totalViewers();
    }

    /** Viewers of every socket stream together (for metrics). */
    public int socketViewers() {
        return viewers.values().stream().mapToInt(LiveViewers::size).sum();
    }

    /** The viewers of a socket stream (created on first use). */
    LiveViewers viewers(String streamId) {
        return viewers.computeIfAbsent(streamId, id -> new LiveViewers("[livestream]", id, viewerQueueBytes));
    }

    /** Closes and forgets the viewers of a stream that stopped. */
    void closeViewers(String streamId, String reason) {
        LiveViewers gone = viewers.remove(streamId);
        if (gone != null) {
            gone.closeAll((short) 1000, reason);
        }
    }
}
