package io.mediagateway.javacv;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.mediagateway.video.VideoIngestStats;
import io.mediagateway.video.VirtualCamera;

/**
 * One named decode point: the producer side feeds it a publisher's bytes, the consumer side receives what comes out
 * (decoded {@link io.mediagateway.video.I420Frame}s or passed-through {@link io.mediagateway.video.Mpeg1Segment}s).
 */
final class DecodeChannel {

    private final String name;
    private final List<Consumer<Object>> listeners = new CopyOnWriteArrayList<>();
    private TsVideoIngest ingest;

    DecodeChannel(String name) {
        this.name = name;
    }

    void addListener(Consumer<Object> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<Object> listener) {
        listeners.remove(listener);
    }

    /**
     * A new publisher: its stream starts from scratch (the previous one, if any, is ended). MPEG-1 may pass through
     * undecoded unless {@code framesNeeded} says something needs decoded pictures now.
     */
    synchronized void begin(VirtualCamera camera, VideoIngestStats stats, BooleanSupplier framesNeeded) {
        end();
        stats.path(null);
        boolean passthrough = framesNeeded == null || !framesNeeded.getAsBoolean();
        ingest = new TsVideoIngest(name, camera::settings, passthrough, this::deliver, this::deliver, stats);
    }

    synchronized void write(byte[] chunk, VirtualCamera camera, VideoIngestStats stats, BooleanSupplier framesNeeded)
            throws InterruptedException {
        if (ingest == null) {
            begin(camera, stats, framesNeeded);
        }
        ingest.write(chunk);
    }

    synchronized void end() {
        if (ingest != null) {
            ingest.end();
            ingest = null;
        }
    }

    private void deliver(Object body) {
        listeners.forEach(l -> l.accept(body));
    }
}
