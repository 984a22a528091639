package io.mediagateway.chromium;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;

/**
 * A publisher on WS /input/devices/virtual/socket/video that sends an MPEG-TS clip in chunks of uneven size at
 * real-time pace, over and over, until closed: a live source that goes on as long as the test needs it.
 */
final class VideoPusher implements AutoCloseable {

    private final WsClient publisher;
    private final Thread sender;
    private volatile boolean running = true;
    private volatile Throwable error;
    private volatile long startedAtMillis;
    private volatile long lastSentAtMillis;

    private VideoPusher(WsClient publisher, byte[] ts, double seconds) {
        this.publisher = publisher;
        this.sender = new Thread(() -> send(ts, seconds), "video-pusher");
        sender.setDaemon(true);
    }

    static VideoPusher start(int port, byte[] ts, double seconds) throws InterruptedException {
        WsClient publisher = WsClient.connect(port, VirtualInputsStatus.VIDEO_SOCKET_PATH);
        assertThat(publisher.nextText(Duration.ofSeconds(10))).isEqualTo("mpegts");
        VideoPusher pusher = new VideoPusher(publisher, ts, seconds);
        pusher.startedAtMillis = System.currentTimeMillis();
        pusher.sender.start();
        return pusher;
    }

    long startedAtMillis() {
        return startedAtMillis;
    }

    /** When the last chunk was sent (after {@link #stop()}). */
    long lastSentAtMillis() {
        return lastSentAtMillis;
    }

    private void send(byte[] ts, double seconds) {
        Random random = new Random(42);
        try {
            while (running) {
                long start = System.nanoTime();
                double bytesPerNano = ts.length / (seconds * 1e9);
                int offset = 0;
                while (running && offset < ts.length) {
                    int size = Math.min(ts.length - offset, 1 + random.nextInt(4 * 1024));
                    publisher.sendBinary(Arrays.copyOfRange(ts, offset, offset + size));
                    lastSentAtMillis = System.currentTimeMillis();
                    offset += size;
                    long wait = start + (long) (offset / bytesPerNano) - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
        } catch (Throwable e) {
            error = e;
        }
    }

    /** Stops sending (the publisher stays connected: the camera goes black by stale-after, not by a disconnect). */
    void stop() throws InterruptedException {
        running = false;
        sender.join(10_000);
        if (error != null) {
            throw new AssertionError("pushing video failed: " + error, error);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        publisher.close();
    }
}
