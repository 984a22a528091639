package io.mediagateway.video;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.mediagateway.virtualinput.VideoInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame pacer behind every camera output. Decoded frames arrive whenever they arrive; the camera emits one frame
 * per interval at the configured rate: the latest frame, repeated, until it is {@code staleAfter} old, then black;
 * black while paused. Its clock never drifts: when emitting falls behind (a slow sink), ticks are skipped and counted
 * as dropped instead of being caught up in a burst.
 *
 * <p>MPEG-1 passthrough ({@link #offer(Mpeg1Segment)}): the publisher's own pictures go out as they arrive, in place
 * of the clock's frames, from a sequence header on ("on air"); the clock keeps time and takes over with black as soon
 * as they are stale or the camera is paused. Back on air only at the next sequence header (black until then), so a
 * player always switches at a clean picture. One lock orders the two, so a switch never interleaves their bytes.
 */
public class VirtualCamera implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualCamera.class);

    public record Settings(int width, int height, int frameRate) {
        /** The size and rate a configured video input asks of the camera. */
        public static Settings of(VideoInput video) {
            return new Settings(video.width(), video.height(), video.frameRate());
        }
    }

    private final Duration staleAfter;
    private final List<Consumer<I420Frame>> outputs = new CopyOnWriteArrayList<>();
    private final List<Consumer<Mpeg1Segment>> passthroughOutputs = new CopyOnWriteArrayList<>();
    private final Object emitting = new Object();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong ticksDropped = new AtomicLong();
    private final AtomicLong framesIn = new AtomicLong();
    private volatile Settings settings;
    private volatile boolean paused;
    private volatile I420Frame latest;
    private volatile long latestAtNanos;
    private volatile long passthroughAtNanos;
    private volatile boolean onAir;
    private volatile I420Frame black;
    private double fps;             // fpsWindow's lock
    private long fpsWindowStart;    // fpsWindow's lock
    private long fpsWindowFrames;   // fpsWindow's lock
    private final Object fpsWindow = new Object();
    private volatile Thread clock;

    public VirtualCamera(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    /** Starts (or restarts) the cadence at this size and rate; the camera shows black until frames arrive. */
    public synchronized void start(Settings next) {
        stopClock();
        settings = next;
        black = I420Frame.black(next.width(), next.height());
        latest = null;
        passthroughAtNanos = 0;
        onAir = false;
        paused = false;
        framesOut.set(0);
        ticksDropped.set(0);
        framesIn.set(0);
        synchronized (fpsWindow) {
            fps = 0;
            fpsWindowStart = 0;
        }
        clock = new Thread(this::run, "virtual-camera-clock");
        clock.setDaemon(true);
        clock.start();
        LOG.info("[virtual-input] camera started size={}x{} fps={}", next.width(), next.height(), next.frameRate());
    }

    public synchronized void stop() {
        stopClock();
        settings = null;
        latest = null;
    }

    public Settings settings() {
        return settings;
    }

    public void setPaused(boolean paused) {
        this.paused = paused;
        Thread running = clock;
        if (running != null) {
            LockSupport.unpark(running); // black now, not when the passthrough would have gone stale
        }
    }

    public boolean isPaused() {
        return paused;
    }

    /** A new picture of the configured size; returns false when it was discarded (paused or not running). */
    public boolean offer(I420Frame frame) {
        Settings current = settings;
        if (current == null || paused || frame.width() != current.width() || frame.height() != current.height()) {
            return false;
        }
        latest = frame;
        latestAtNanos = System.nanoTime();
        framesIn.incrementAndGet();
        return true;
    }

    /**
     * Passed-through MPEG-1 of the configured size and rate: goes out at once when on air (or when it starts at a
     * sequence header); returns false when it was discarded (paused or not running).
     */
    public boolean offer(Mpeg1Segment segment) {
        if (settings == null || paused) {
            return false;
        }
        latest = null; // a decoded picture from before must not come back when this goes stale
        passthroughAtNanos = System.nanoTime();
        synchronized (emitting) {
            if (!onAir && !segment.sequenceStart()) {
                return true; // black goes on until a sequence header
            }
            onAir = true;
            for (Consumer<Mpeg1Segment> output : passthroughOutputs) {
                try {
                    output.accept(segment);
                } catch (RuntimeException e) {
                    LOG.warn("[virtual-input] camera passthrough output failed error=\"{}\"", e.getMessage(), e);
                }
            }
        }
        framesOut.addAndGet(segment.pictures());
        return true;
    }

    public void addPassthroughOutput(Consumer<Mpeg1Segment> output) {
        passthroughOutputs.add(output);
    }

    public void removePassthroughOutput(Consumer<Mpeg1Segment> output) {
        passthroughOutputs.remove(output);
    }

    public void addOutput(Consumer<I420Frame> output) {
        outputs.add(output);
    }

    public void removeOutput(Consumer<I420Frame> output) {
        outputs.remove(output);
    }

    /** What the camera would show now as a decoded picture (black while passthrough has not taken over). */
    public I420Frame current() {
        I420Frame frame = latest;
        if (paused || frame == null || !fresh(latestAtNanos)) {
            return black;
        }
        return frame;
    }

    public boolean showingLive() {
        return current() != black || !paused && fresh(passthroughAtNanos);
    }

    private boolean fresh(long atNanos) {
        return atNanos != 0 && System.nanoTime() - atNanos <= staleAfter.toNanos();
    }

    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("frames_out", framesOut.get());
        stats.put("frames_dropped", ticksDropped.get());
        stats.put("fps", Math.round(fps() * 10) / 10.0);
        stats.put("showing", settings == null ? "off" : paused ? "black (paused)" : showingLive() ? "live" : "black (no input)");
        return stats;
    }

    @Override
    public void close() {
        stop();
    }

    private void run() {
        Settings running = settings;
        long interval = TimeUnit.SECONDS.toNanos(1) / running.frameRate();
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted() && settings == running) {
            long now = System.nanoTime();
            long staleAt = passthroughAtNanos + staleAfter.toNanos();
            if (onAir && !paused && now < staleAt) {
                // passed-through pictures are on air: nothing to do until they could go stale (or a pause wakes us)
                LockSupport.parkNanos(staleAt - now);
                next = System.nanoTime();
                continue;
            }
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            long late = (now - next) / interval;
            if (late > 0) { // behind by whole frames: skip them rather than burst
                ticksDropped.addAndGet(late);
                next += late * interval;
            }
            next += interval;
            tick();
            fps();
        }
    }

    /**
     * Frames out per second over the last window of at least a second. Read by the clock each tick and by the status:
     * while passed-through pictures are on air the clock sleeps, and the status still sees their rate.
     */
    private double fps() {
        synchronized (fpsWindow) {
            long now = System.nanoTime();
            long frames = framesOut.get();
            if (fpsWindowStart == 0) {
                fpsWindowStart = now;
                fpsWindowFrames = frames;
            } else if (now - fpsWindowStart >= TimeUnit.SECONDS.toNanos(1)) {
                fps = (frames - fpsWindowFrames) * 1e9 / (now - fpsWindowStart);
                fpsWindowStart = now;
                fpsWindowFrames = frames;
            }
            return fps;
        }
    }

    /** One frame of the clock, unless passed-through pictures are on air and fresh. */
    private void tick() {
        synchronized (emitting) {
            if (onAir && !paused && fresh(passthroughAtNanos)) {
                return;
            }
            onAir = false;
            I420Frame frame = current();
            for (Consumer<I420Frame> output : outputs) {
                try {
                    output.accept(frame);
                } catch (RuntimeException e) {
                    LOG.warn("[virtual-input] camera output failed error=\"{}\"", e.getMessage(), e);
                }
            }
        }
        framesOut.incrementAndGet();
    }

    private void stopClock() {
        Thread running = clock;
        clock = null;
        settings = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
