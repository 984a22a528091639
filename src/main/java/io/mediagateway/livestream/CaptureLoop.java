package io.mediagateway.livestream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FFmpeg input (the X display, the PulseAudio monitor) read by one thread of its own and handed, frame by frame,
 * to every listener in that thread (listeners copy or encode before returning: the frame is reused). When the input
 * fails (display or sound server gone) it is reopened with backoff until closed. The first open happens in
 * {@link #start}, so a caller learns at once when the input is not there.
 */
abstract class CaptureLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureLoop.class);

    private final String name;
    private final Duration backoff;
    private final Duration backoffMax;
    private final List<Consumer<Frame>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile String lastError;
    private volatile long frames;
    private FFmpegFrameGrabber grabber;
    private Thread thread;

    CaptureLoop(String name, Duration backoff, Duration backoffMax) {
        this.name = name;
        this.backoff = backoff;
        this.backoffMax = backoffMax;
    }

    /** A configured, not yet started grabber for the input. */
    protected abstract FFmpegFrameGrabber newGrabber();

    /** The next frame of this kind from the grabber (null at end of input). */
    protected abstract Frame grab(FFmpegFrameGrabber grabber) throws FFmpegFrameGrabber.Exception;

    /** Opens the input (throws when it cannot be opened) and starts the reading thread. */
    synchronized void start() throws FFmpegFrameGrabber.Exception {
        grabber = open();
        thread = new Thread(this::run, "capture " + name);
        thread.setDaemon(true);
        thread.start();
        LOG.info("[livestream] capture started input={}", name);
    }

    void addListener(Consumer<Frame> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<Frame> listener) {
        listeners.remove(listener);
    }

    String lastError() {
        return lastError;
    }

    long frames() {
        return frames;
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            try {
                if (!finished.await(5, TimeUnit.SECONDS)) {
                    LOG.warn("[livestream] capture did not stop in time input={}", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("[livestream] capture stopped input={} frames={}", name, frames);
    }

    private FFmpegFrameGrabber open() throws FFmpegFrameGrabber.Exception {
        FFmpegFrameGrabber opened = newGrabber();
        try {
            opened.startUnsafe(); // see javacv/package-info: start() takes a JVM-wide lock
            return opened;
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            release(opened);
            throw e;
        }
    }

    private void run() {
        long wait = backoff.toMillis();
        try {
            while (!closed) {
                if (grabber == null) {
                    try {
                        grabber = open();
                        lastError = null;
                        wait = backoff.toMillis();
                        LOG.info("[livestream] capture reopened input={}", name);
                    } catch (Exception e) {
                        lastError = e.getMessage();
                        LOG.warn("[livestream] capture reopen failed input={} retry_in_ms={} error=\"{}\"", name, wait, e.getMessage());
                        sleep(wait);
                        wait = Math.min(backoffMax.toMillis(), wait * 2);
                        continue;
                    }
                }
                try {
                    Frame frame = grab(grabber);
                    if (frame == null) {
                        throw new IllegalStateException("input ended");
                    }
                    frames++;
                    for (Consumer<Frame> listener : listeners) {
                        try {
                            listener.accept(frame);
                        } catch (RuntimeException e) {
                            LOG.warn("[livestream] capture listener failed input={} error=\"{}\"", name, e.getMessage());
                        }
                    }
                } catch (Exception e) {
                    if (!closed) {
                        lastError = e.getMessage();
                        LOG.warn("[livestream] capture failed input={} error=\"{}\"", name, e.getMessage());
                    }
                    release(grabber);
                    grabber = null;
                }
            }
        } finally {
            release(grabber);
            grabber = null;
            finished.countDown();
        }
    }

    private static void release(FFmpegFrameGrabber grabber) {
        if (grabber == null) {
            return;
        }
        try {
            grabber.close();
        } catch (Exception ignored) {
            // closing a failed input: nothing left to do
        }
    }

    private void sleep(long millis) {
        long until = System.currentTimeMillis() + millis;
        while (!closed && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(Math.min(100, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
