package io.mediagateway.livestream;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP publisher: FLV segments in, pushed to an rtmp:// or rtmps:// URL by FFmpeg's RTMP protocol (which takes
 * the FLV byte stream as is and sends its tags as RTMP messages), on a thread of its own. Each connection starts
 * with the encoder's init segment and then the next keyframe. When the server is away or drops the connection it
 * reconnects with backoff (doubling up to a maximum); a queue that grows past its limit is dropped and the push
 * resumes at the next keyframe: live, never behind. {@link #offer} never blocks, so a failing push never stalls the
 * encoder or the other outputs.
 */
final class RtmpPush implements OutputState, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpPush.class);

    static {
        avformat.avformat_network_init();
    }

    private final String streamId;
    private final String url;
    private final String redactedUrl;
    private final int queueLimitBytes;
    private final Duration backoff;
    private final Duration backoffMax;
    private final Duration timeout;
    private final LinkedBlockingQueue<Segment> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AVIOInterruptCB.Callback_Pointer interrupt;
    private final AVIOInterruptCB interruptCallback = new AVIOInterruptCB();
    private final Thread thread;
    private volatile byte[] init;
    private volatile boolean initChanged;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile String lastError;

    RtmpPush(String streamId, String url, int queueLimitBytes, Duration backoff, Duration backoffMax, Duration timeout) {
        this.streamId = streamId;
        this.url = url;
        this.redactedUrl = url.replaceAll("/[^/]*$", "/…"); // the stream key is the last path element
        this.queueLimitBytes = queueLimitBytes;
        this.backoff = backoff;
        this.backoffMax = backoffMax;
        this.timeout = timeout;
        this.interrupt = new AVIOInterruptCB.Callback_Pointer() {
            @Override
            public int call(Pointer opaque) {
                return closed ? 1 : 0;
            }
        };
        interruptCallback.callback(interrupt);
        thread = new Thread(this::run, "rtmp-push " + streamId);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A segment from the encoder; never blocks. Init segments are kept for every (re)connection. */
    void offer(Segment segment) {
        if (segment.init()) {
            init = segment.bytes();
            initChanged = true;
            return;
        }
        if (closed || !connected) {
            return; // live: what happens while disconnected is not sent later
        }
        if (queuedBytes.addAndGet(segment.bytes().length) > queueLimitBytes) {
            queue.clear();
            queuedBytes.set(0);
            queue.offer(SKIP_TO_KEYFRAME);
            LOG.warn("[livestream] push behind stream={} url={} action=skip-to-keyframe", streamId, redactedUrl);
            return;
        }
        queue.offer(segment);
    }

    @Override
    public boolean streaming() {
        return connected;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public Integer viewers() {
        return null;
    }

    long connects() {
        return connects.get();
    }

    long bytesSent() {
        return bytesSent.get();
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        thread.interrupt();
        try {
            if (thread.isAlive() && !finished.await(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
                LOG.warn("[livestream] push did not stop in time stream={}", streamId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Segment SKIP_TO_KEYFRAME = new Segment(new byte[0], false, false);

    private void run() {
        long wait = backoff.toMillis();
        try {
            while (!closed) {
                byte[] header = init;
                if (header == null) {
                    pause(50);
                    continue;
                }
                AVIOContext io = open();
                if (io == null) {
                    LOG.info("[livestream] push reconnecting stream={} url={} in_ms={} error=\"{}\"", streamId, redactedUrl,
                            wait, lastError);
                    pause(wait);
                    wait = Math.min(backoffMax.toMillis(), wait * 2);
                    continue;
                }
                wait = backoff.toMillis();
                try {
                    pushUntilFailure(io, header);
                } finally {
                    connected = false;
                    avformat.avio_closep(io);
                }
            }
        } finally {
            connected = false;
            finished.countDown();
        }
    }

    private AVIOContext open() {
        AVIOContext io = new AVIOContext(null);
        AVDictionary options = new AVDictionary(null);
        avutil.av_dict_set(options, "rw_timeout", String.valueOf(timeout.toMillis() * 1000), 0);
        try {
            int result = avformat.avio_open2(io, url, avformat.AVIO_FLAG_WRITE, interruptCallback, options);
            if (result < 0) {
                lastError = "cannot connect to " + redactedUrl + ": " + FfmpegErrors.describe(result);
                return null;
            }
            return io;
        } finally {
            avutil.av_dict_free(options);
        }
    }

    private void pushUntilFailure(AVIOContext io, byte[] header) {
        queue.clear();
        queuedBytes.set(0);
        initChanged = false;
        if (!write(io, header)) {
            return;
        }
        connects.incrementAndGet();
        connected = true;
        lastError = null;
        LOG.info("[livestream] push connected stream={} url={} connects={}", streamId, redactedUrl, connects.get());
        boolean waitingForKeyframe = true;
        while (!closed) {
            if (initChanged) {
                lastError = "the encoder restarted; reconnecting with its new configuration";
                return;
            }
            Segment segment;
            try {
                segment = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (segment == null) {
                continue;
            }
            queuedBytes.addAndGet(-segment.bytes().length);
            if (segment == SKIP_TO_KEYFRAME) {
                waitingForKeyframe = true;
                continue;
            }
            if (waitingForKeyframe && !segment.keyframe()) {
                continue;
            }
            waitingForKeyframe = false;
            if (!write(io, segment.bytes())) {
                LOG.warn("[livestream] push dropped stream={} url={} error=\"{}\"", streamId, redactedUrl, lastError);
                return;
            }
        }
    }

    private boolean write(AVIOContext io, byte[] bytes) {
        avformat.avio_write(io, bytes, bytes.length);
        avformat.avio_flush(io);
        if (io.error() < 0) {
            lastError = "connection to " + redactedUrl + " failed: " + FfmpegErrors.describe(io.error());
            return false;
        }
        bytesSent.addAndGet(bytes.length);
        return true;
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // closing
        }
    }
}
