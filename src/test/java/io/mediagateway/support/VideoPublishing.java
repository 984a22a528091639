package io.mediagateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/** Helpers for tests that publish video to the ingest socket: connecting, pacing, and media the bundled ffmpeg makes. */
public final class VideoPublishing {

    private VideoPublishing() {
    }

    /**
     * Connects a publisher, retrying while the path is still taken by a publisher that is leaving (its disconnect is
     * processed after the chunks it sent), and reads the greeting. Fails on any other refusal.
     */
    public static WsClient connectPublisher(int port, String path, Duration limit) throws InterruptedException {
        return connectPublisher(port, path, "mpegts", limit);
    }

    /** {@link #connectPublisher(int, String, Duration)} on a path whose greeting is {@code greeting}. */
    public static WsClient connectPublisher(int port, String path, String greeting, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                WsClient client = WsClient.connect(port, path);
                String first = client.nextText(Duration.ofSeconds(10));
                if (!greeting.equals(first)) {
                    client.close();
                    throw new AssertionError("expected the greeting " + greeting + ", got " + first);
                }
                return client;
            } catch (WsClient.RefusedException e) {
                if (e.refusal.status() != 409 || !e.refusal.body().contains("already connected")
                        || System.nanoTime() > deadline) {
                    throw new AssertionError("publisher refused: " + e.refusal);
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Sends {@code ts} ({@code seconds} long) in chunks of uneven size (1 byte to 4 KiB) at real-time pace, as a live
     * source would. Returns how many chunks it sent.
     */
    public static int sendPaced(WsClient publisher, byte[] ts, double seconds, Random random) {
        long start = System.nanoTime();
        double bytesPerNano = ts.length / (seconds * 1e9);
        int offset = 0;
        int chunks = 0;
        while (offset < ts.length) {
            chunks++;
            int size = Math.min(ts.length - offset, 1 + random.nextInt(4 * 1024));
            publisher.sendBinary(Arrays.copyOfRange(ts, offset, offset + size));
            offset += size;
            long wait = start + (long) (offset / bytesPerNano) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return chunks;
    }

    /**
     * {@code ts} ({@code seconds} long) sent at real-time pace, over and over, on its own thread, until closed or
     * {@code maxRounds} rounds were sent: input that lasts as long as a test needs it, however slow the machine.
     * Round {@code r} chunks with {@code new Random(seed + r)}.
     */
    public static final class PacedLoop implements AutoCloseable {

        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        private PacedLoop(WsClient publisher, byte[] ts, double seconds, int maxRounds, long seed) {
            thread = new Thread(() -> {
                for (int round = 0; round < maxRounds && !stop.get(); round++) {
                    sendPaced(publisher, ts, seconds, new Random(seed + round));
                }
            }, "paced-publisher");
            thread.setDaemon(true);
        }

        public static PacedLoop start(WsClient publisher, byte[] ts, double seconds, int maxRounds, long seed) {
            PacedLoop loop = new PacedLoop(publisher, ts, seconds, maxRounds, seed);
            loop.thread.start();
            return loop;
        }

        /** Stops after the round being sent and waits for it (up to 20 s). */
        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(20_000);
        }
    }

    /** Sends {@code data} as fast as possible in chunks of {@code size} bytes. */
    public static void sendChunks(WsClient publisher, byte[] data, int size) {
        for (int offset = 0; offset < data.length; offset += size) {
            publisher.sendBinary(Arrays.copyOfRange(data, offset, Math.min(data.length, offset + size)));
        }
    }

    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /**
     * BT.601 limited-range Y/Cb/Cr of an RGB colour (0–255 each), as FFmpeg converts lavfi colours; matches
     * {@link FeedViewerClient#RED} and friends within a unit.
     */
    public static int[] yuv(int r, int g, int b) {
        double rr = r / 255.0;
        double gg = g / 255.0;
        double bb = b / 255.0;
        return new int[] {
            (int) Math.round(16 + 65.481 * rr + 128.553 * gg + 24.966 * bb),
            (int) Math.round(128 - 37.797 * rr - 74.203 * gg + 112.0 * bb),
            (int) Math.round(128 + 112.0 * rr - 93.786 * gg - 18.214 * bb)};
    }

    /**
     * Runs the bundled ffmpeg with {@code args} (everything between {@code -y} and the output path) and returns the
     * output file's bytes; cached by {@code name} under target/test-media/generated ({@link TestMedia#file}: a partial
     * file of its own per JVM, renamed atomically, so another test JVM never reads half a file).
     */
    public static byte[] ffmpeg(String name, List<String> args) {
        try {
            return Files.readAllBytes(TestMedia.file(name, args));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
