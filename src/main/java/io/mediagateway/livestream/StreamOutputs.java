package io.mediagateway.livestream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mediagateway.broadcast.LiveViewers;

/**
 * The outputs of the running streams, by stream id: the state each output reports (for StreamInfo), and the socket
 * viewers of socket streams (the WebSocket handler adds viewers, the stream-socket producer feeds them).
 */
public class StreamOutputs {

    private final Map<String, OutputState> states = new ConcurrentHashMap<>();
    private final Map<String, LiveViewers> viewers = new ConcurrentHashMap<>();
    private final int viewerQueueBytes;

    public StreamOutputs(int viewerQueueBytes) {
        this.viewerQueueBytes = viewerQueueBytes;
    }

    void register(String streamId, OutputState state) {
        states.put(streamId, state);
    }

    void unregister(String streamId, OutputState state) {
        states.remove(streamId, state);
    }

    OutputState state(String streamId) {
        return states.get(streamId);
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
