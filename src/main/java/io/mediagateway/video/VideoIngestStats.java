package io.mediagateway.video;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the socket video pipeline, each stage adding its own; shown under {@code stats.video}. */
public class VideoIngestStats {

    public final AtomicLong bytesIn = new AtomicLong();
    public final AtomicLong chunksIn = new AtomicLong();
    public final AtomicLong garbageBytes = new AtomicLong();
    public final AtomicLong framesDecoded = new AtomicLong();
    public final AtomicLong decodeErrors = new AtomicLong();
    public final AtomicLong discardedWhilePaused = new AtomicLong();
    public static final String PASSTHROUGH = "passthrough";
    public static final String DECODE = "decode";

    private volatile Instant lastInputAt;
    private volatile String path;
    private volatile String lastError;

    public void chunk(int bytes) {
        bytesIn.addAndGet(bytes);
        chunksIn.incrementAndGet();
        lastInputAt = Instant.now();
    }

    public void error(String message) {
        lastError = message;
    }

    /** How the current publisher's video reaches the camera: passthrough, decode, or null (not decided yet). */
    public void path(String value) {
        path = value;
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastInputAt() {
        return lastInputAt;
    }

    public void reset() {
        for (AtomicLong counter : new AtomicLong[] {bytesIn, chunksIn, garbageBytes, framesDecoded, decodeErrors,
                discardedWhilePaused}) {
            counter.set(0);
        }
        lastInputAt = null;
        lastError = null;
        path = null;
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("bytes_in", bytesIn.get());
        stats.put("chunks_in", chunksIn.get());
        stats.put("garbage_bytes", garbageBytes.get());
        stats.put("frames_decoded", framesDecoded.get());
        stats.put("decode_errors", decodeErrors.get());
        stats.put("discarded_while_paused", discardedWhilePaused.get());
        stats.put("video_path", path);
        stats.put("last_input_at", lastInputAt == null ? null : lastInputAt.toString());
        return stats;
    }
}
