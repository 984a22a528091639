package io.mediagateway.source;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and state of one grabber, written by its thread, read by status requests. */
final class SourceStats {

    private static final long FPS_STALE_NANOS = 1_500_000_000L;

    final AtomicLong opens = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong loops = new AtomicLong();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong framesDecoded = new AtomicLong();
    final AtomicLong lateFramesDropped = new AtomicLong();
    final AtomicLong audioDecodedMillis = new AtomicLong();
    final AtomicLong clockResets = new AtomicLong();

    private volatile String state = "starting";
    private volatile String format;
    private volatile String videoCodec;
    private volatile String audioCodec;
    private volatile String sourceSize;
    private volatile Instant lastInputAt;
    private volatile String lastError;
    private volatile double fpsIn;
    private volatile long lastPictureNanos;
    private long windowStart;
    private long windowFrames;

    void state(String value) {
        state = value;
        if (!"playing".equals(value)) { // the next picture starts a new rate window
            windowStart = 0;
            fpsIn = 0;
        }
    }

    String state() {
        return state;
    }

    void opened(String container, String video, String audio, String size) {
        format = container;
        videoCodec = video;
        audioCodec = audio;
        sourceSize = size;
        state = "playing";
    }

    /** One decoded picture (grabber thread). */
    void picture() {
        long frames = framesDecoded.incrementAndGet();
        lastInputAt = Instant.now();
        long now = System.nanoTime();
        lastPictureNanos = now;
        if (windowStart == 0) {
            windowStart = now;
            windowFrames = frames;
        } else if (now - windowStart >= 1_000_000_000L) {
            fpsIn = (frames - windowFrames) * 1e9 / (now - windowStart);
            windowStart = now;
            windowFrames = frames;
        }
    }

    void samples(long millis) {
        audioDecodedMillis.addAndGet(millis);
        lastInputAt = Instant.now();
    }

    void error(String message) {
        lastError = message;
    }

    String lastError() {
        return lastError;
    }

    Map<String, Object> video() {
        Map<String, Object> stats = common();
        stats.put("video_codec", videoCodec);
        stats.put("source_size", sourceSize);
        stats.put("frames_decoded", framesDecoded.get());
        stats.put("late_frames_dropped", lateFramesDropped.get());
        stats.put("fps_in", Math.round(fpsIn() * 10) / 10.0);
        return stats;
    }

    /** The rate of the last second of pictures; 0 once none came for 1.5 s (a drop, a stall). */
    private double fpsIn() {
        return System.nanoTime() - lastPictureNanos > FPS_STALE_NANOS ? 0 : fpsIn;
    }

    Map<String, Object> audio() {
        Map<String, Object> stats = common();
        stats.put("audio_codec", audioCodec);
        stats.put("decoded_ms", audioDecodedMillis.get());
        return stats;
    }

    private Map<String, Object> common() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("source_state", state);
        stats.put("format", format);
        stats.put("bytes_in", bytesIn.get());
        stats.put("opens", opens.get());
        stats.put("reconnects", reconnects.get());
        stats.put("loops", loops.get());
        stats.put("clock_resets", clockResets.get());
        stats.put("last_input_at", lastInputAt == null ? null : lastInputAt.truncatedTo(ChronoUnit.MILLIS).toString());
        return stats;
    }
}
