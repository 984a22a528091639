package io.mediagateway.javacv;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.mediagateway.video.I420Frame;
import io.mediagateway.video.VideoIngestStats;
import io.mediagateway.video.VirtualCamera;

/** One named decode point: the producer side feeds it a publisher's bytes, the consumer side receives its frames. */
final class DecodeChannel {

    private final String name;
    private final List<Consumer<I420Frame>> listeners = new CopyOnWriteArrayList<>();
    private TsVideoDecoder decoder;

    DecodeChannel(String name) {
        this.name = name;
    }

    void addListener(Consumer<I420Frame> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<I420Frame> listener) {
        listeners.remove(listener);
    }

    /** A new publisher: its stream starts from scratch (the previous one, if any, is ended). */
    synchronized void begin(VirtualCamera camera, VideoIngestStats stats) {
        end();
        decoder = new TsVideoDecoder(name, camera::settings, frame -> listeners.forEach(l -> l.accept(frame)), stats);
    }

    synchronized void write(byte[] chunk, VirtualCamera camera, VideoIngestStats stats) throws InterruptedException {
        if (decoder == null) {
            begin(camera, stats);
        }
        decoder.write(chunk);
    }

    synchronized void end() {
        if (decoder != null) {
            decoder.end();
            decoder = null;
        }
    }
}
