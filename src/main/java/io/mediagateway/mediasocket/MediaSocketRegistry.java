package io.mediagateway.mediasocket;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live publisher connections per path (bean {@code mediaSockets}). Pipelines use it to close publishers with a reason
 * on stop or reconfigure; the consumer uses it to hold the one-publisher-per-path rule without races.
 */
public class MediaSocketRegistry {

    private final Map<String, Set<MediaSocketConnection>> byPath = new ConcurrentHashMap<>();

    /** Atomically admits {@code connection} when the path has fewer than {@code max} publishers. */
    boolean tryAdd(String path, MediaSocketConnection connection, int max) {
        boolean[] added = {false};
        byPath.compute(path, (p, set) -> {
            Set<MediaSocketConnection> live = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (live.size() < max) {
                added[0] = live.add(connection);
            }
            return live;
        });
        return added[0];
    }

    void remove(String path, MediaSocketConnection connection) {
        byPath.computeIfPresent(path, (p, set) -> {
            set.remove(connection);
            return set;
        });
    }

    /** Publishers connected on {@code path}. */
    public int count(String path) {
        Set<MediaSocketConnection> live = byPath.get(path);
        return live == null ? 0 : live.size();
    }

    /** Closes every publisher on {@code path} with {@code reason} (WebSocket close 1000). Returns how many. */
    public int close(String path, String reason) {
        Set<MediaSocketConnection> live = byPath.get(path);
        if (live == null) {
            return 0;
        }
        int closed = 0;
        for (MediaSocketConnection connection : Set.copyOf(live)) {
            connection.close((short) 1000, reason);
            closed++;
        }
        return closed;
    }
}
