package io.mediagateway.support;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * A feed viewer that decodes what it receives, with FFmpeg, as a real player would: every decoded picture is kept as
 * its size and the YUV at its centre, with the time it was decoded.
 */
public final class FeedViewerClient implements AutoCloseable {

    /** One decoded picture: size, the Y/U/V at its centre, arrival time (System.nanoTime). */
    public record Picture(int width, int height, int y, int u, int v, long atNanos) {

        public boolean looks(int[] yuv, int tolerance) {
            return Math.abs(y - yuv[0]) <= tolerance && Math.abs(u - yuv[1]) <= tolerance && Math.abs(v - yuv[2]) <= tolerance;
        }
    }

    /** BT.601 limited-range YUV of FFmpeg's colour names, as its encoders produce them. */
    public static final int[] RED = {81, 90, 240};
    public static final int[] GREEN = {145, 54, 34}; // "lime" (0x00FF00)
    public static final int[] BLUE = {41, 240, 110};
    public static final int[] BLACK = {16, 128, 128};

    private final WsClient socket;
    private final List<Picture> pictures = new CopyOnWriteArrayList<>();
    private final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
    private final PipedOutputStream pipeIn = new PipedOutputStream();
    private final Thread pump;
    private final Thread decoder;
    private volatile boolean closed;
    private volatile int cursor;

    public FeedViewerClient(int port, String path) throws IOException {
        PipedInputStream pipeOut = new PipedInputStream(pipeIn, 8 * 1024 * 1024);
        socket = WsClient.connect(port, path);
        pump = new Thread(() -> {
            try {
                while (!closed) {
                    byte[] chunk = socket.nextBinary(Duration.ofMillis(200));
                    if (chunk != null) {
                        chunkSizes.add(chunk.length);
                        pipeIn.write(chunk);
                        pipeIn.flush();
                    }
                }
            } catch (InterruptedException | IOException e) {
                // closing
            } finally {
                try {
                    pipeIn.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "feed-viewer-pump");
        decoder = new Thread(() -> decode(pipeOut), "feed-viewer-decoder");
        pump.start();
        decoder.start();
    }

    public List<Picture> pictures() {
        return pictures;
    }

    public List<Integer> chunkSizes() {
        return chunkSizes;
    }

    public Picture last() {
        return pictures.isEmpty() ? null : pictures.get(pictures.size() - 1);
    }

    /**
     * Waits until a picture decoded after the one the previous call matched looks like {@code yuv}; so a sequence of
     * calls (red, black, blue) checks that the colours came in that order, however fast they were decoded.
     */
    public boolean awaitColour(int[] yuv, Duration limit) throws InterruptedException {
        return Waits.until(limit, () -> {
            for (int i = cursor; i < pictures.size(); i++) {
                if (pictures.get(i).looks(yuv, 12)) {
                    cursor = i + 1;
                    return true;
                }
            }
            return false;
        });
    }

    public WsClient socket() {
        return socket;
    }

    private void decode(PipedInputStream in) {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(in, 0)) {
            grabber.setFormat("mpegts");
            grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            grabber.setOption("probesize", "32");
            grabber.setOption("analyzeduration", "0");
            grabber.setOption("fflags", "nobuffer");
            grabber.startUnsafe(); // start() takes a JVM-wide lock while waiting for data: it would block the gateway

            Frame frame;
            while (!closed && (frame = grabber.grabImage()) != null) {
                ByteBuffer b = ((ByteBuffer) frame.image[0]).duplicate();
                b.limit(b.capacity());
                int w = frame.imageWidth;
                int h = frame.imageHeight;
                int stride = frame.imageStride;
                int cx = w / 2;
                int cy = h / 2;
                int y = b.get(cy * stride + cx) & 0xff;
                int uBase = stride * h;
                int vBase = uBase + (stride / 2) * (h / 2);
                int u = b.get(uBase + (cy / 2) * (stride / 2) + cx / 2) & 0xff;
                int v = b.get(vBase + (cy / 2) * (stride / 2) + cx / 2) & 0xff;
                pictures.add(new Picture(w, h, y, u, v, System.nanoTime()));
            }
        } catch (Exception e) {
            // the stream ended
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        socket.close();
        pump.interrupt();
        pump.join(TimeUnit.SECONDS.toMillis(5));
        decoder.join(TimeUnit.SECONDS.toMillis(5));
    }
}
