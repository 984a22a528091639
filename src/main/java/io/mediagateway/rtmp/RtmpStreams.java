package io.mediagateway.rtmp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The server's paths ({@code app/name}), created on first use and forgotten when idle, and their listeners. */
public final class RtmpStreams {

    private final Map<String, RtmpStream> streams = new ConcurrentHashMap<>();
    private final List<RtmpListener> listeners = new CopyOnWriteArrayList<>();
    private final int gopCacheBytes;

    RtmpStreams(int gopCacheBytes) {
        this.gopCacheBytes = gopCacheBytes;
    }

    public void addListener(RtmpListener listener) {
        listeners.add(listener);
    }

    public void removeListener(RtmpListener listener) {
        listeners.remove(listener);
    }

    /** Whether a publisher is live on the path. */
    public boolean isPublished(String path) {
        RtmpStream stream = streams.get(path);
        return stream != null && stream.published();
    }

    public int playerCount(String path) {
        RtmpStream stream = streams.get(path);
        return stream == null ? 0 : stream.playerCount();
    }

    /** Makes the connection the path's publisher; null when the path already has one. */
    RtmpStream publish(String path, RtmpConnection publisher) {
        RtmpStream[] claimed = new RtmpStream[1];
        streams.compute(path, (p, stream) -> {
            RtmpStream current = stream == null ? new RtmpStream(p, gopCacheBytes) : stream;
            if (current.claim(publisher)) {
                claimed[0] = current;
            }
            return current;
        });
        return claimed[0];
    }

    RtmpStream play(String path, RtmpConnection player) {
        return streams.compute(path, (p, stream) -> {
            RtmpStream current = stream == null ? new RtmpStream(p, gopCacheBytes) : stream;
            current.addPlayer(player);
            return current;
        });
    }

    /** True when the connection was the publisher (and so players were told). */
    boolean unpublish(RtmpStream stream, RtmpConnection publisher) {
        boolean[] released = new boolean[1];
        streams.computeIfPresent(stream.path(), (p, current) -> {
            released[0] = stream.release(publisher);
            return current == stream && current.idle() ? null : current;
        });
        return released[0];
    }

    void stopPlaying(RtmpStream stream, RtmpConnection player) {
        stream.removePlayer(player);
        streams.computeIfPresent(stream.path(), (p, current) -> current == stream && current.idle() ? null : current);
    }

    boolean hasMediaListener(String path) {
        for (RtmpListener listener : listeners) {
            if (listener.wantsMedia() && listener.path().equals(path)) {
                return true;
            }
        }
        return false;
    }

    void fire(RtmpEvent event) {
        for (RtmpListener listener : listeners) {
            if (listener.path().equals(event.path())) {
                listener.onEvent(event);
            }
        }
    }

    void media(String path, RtmpMessage message) {
        for (RtmpListener listener : listeners) {
            if (listener.wantsMedia() && listener.path().equals(path)) {
                listener.onMedia(message);
            }
        }
    }
}
