package io.mediagateway.audio;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.mediagateway.support.WsClient;

/**
 * Sends an MP3 file over a publisher socket from a background thread, over and over until stopped: either in
 * fixed-size chunks at a fixed interval (the "16 KB every ~50 ms"), or frame by frame at real time.
 */
final class AudioSender implements AutoCloseable {

    private final Thread thread;
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private AudioSender(String name, Runnable loop) {
        thread = new Thread(loop, name);
        thread.setDaemon(true);
    }

    /** {@code chunkSize}-byte chunks of {@code mp3} (looped) every {@code intervalMs}. */
    static AudioSender chunks(WsClient ws, byte[] mp3, int chunkSize, long intervalMs) {
        AudioSender[] self = new AudioSender[1];
        self[0] = new AudioSender("audio-sender", () -> {
            int pos = 0;
            long next = System.nanoTime();
            while (self[0].running) {
                int end = Math.min(mp3.length, pos + chunkSize);
                self[0].send(ws, Arrays.copyOfRange(mp3, pos, end));
                pos = end >= mp3.length ? 0 : end;
                next += intervalMs * 1_000_000L;
                self[0].sleepUntil(next);
            }
        });
        self[0].thread.start();
        return self[0];
    }

    /** {@code framesPerChunk} MP3 frames per message, paced at real time (the file looped while {@code loop}). */
    static AudioSender realTime(WsClient ws, byte[] mp3, int framesPerChunk, boolean loop) {
        Mp3FrameScanner scanner = new Mp3FrameScanner();
        java.util.List<Mp3FrameScanner.Frame> frames = new java.util.ArrayList<>(scanner.feed(mp3));
        frames.addAll(scanner.finish());
        AudioSender[] self = new AudioSender[1];
        self[0] = new AudioSender("audio-sender-rt", () -> {
            long start = System.nanoTime();
            long sentNanos = 0;
            int i = 0;
            while (self[0].running) {
                java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
                for (int k = 0; k < framesPerChunk && i < frames.size(); k++, i++) {
                    chunk.writeBytes(frames.get(i).data());
                    sentNanos += frames.get(i).samples() * 1_000_000_000L / frames.get(i).sampleRate();
                }
                self[0].send(ws, chunk.toByteArray());
                if (i >= frames.size()) {
                    if (!loop) {
                        break;
                    }
                    i = 0;
                }
                self[0].sleepUntil(start + sentNanos);
            }
        });
        self[0].thread.start();
        return self[0];
    }

    long chunks() {
        return chunks.get();
    }

    long bytes() {
        return bytes.get();
    }

    /** Waits for a non-looping sender to finish. */
    void awaitDone(long millis) throws InterruptedException {
        thread.join(millis);
    }

    Throwable failure() {
        return failure.get();
    }

    private void send(WsClient ws, byte[] chunk) {
        try {
            ws.sendBinary(chunk);
            chunks.incrementAndGet();
            bytes.addAndGet(chunk.length);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            running = false;
        }
    }

    private void sleepUntil(long deadline) {
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
