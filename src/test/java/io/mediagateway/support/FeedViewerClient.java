package io.mediagateway.support;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * A feed viewer that decodes what it receives with FFmpeg, as a real player would: every decoded picture is kept as
 * its size, the YUV at its centre and the time it was decoded; the pixels of the most recent {@code keep} pictures
 * (tight I420) for checks beyond the centre (letterbox bars); and what the stream is (video codec name).
 */
public final class FeedViewerClient implements AutoCloseable {

    /** BT.601 limited-range YUV of FFmpeg's colour names, as its encoders produce them. */
    public static final int[] RED = {81, 90, 240};
    public static final int[] GREEN = {145, 54, 34}; // "lime" (0x00FF00)
    public static final int[] BLUE = {41, 240, 110};
    public static final int[] BLACK = {16, 128, 128};

    /** One decoded picture: its size, tight I420 planes (null once older than the kept window), arrival time. */
    public static final class Picture {
        private final int width;
        private final int height;
        private volatile byte[] i420;
        private final int centreY;
        private final int centreU;
        private final int centreV;
        private final long atNanos;

        Picture(int width, int height, int[] centre, byte[] i420, long atNanos) {
            this.width = width;
            this.height = height;
            this.i420 = i420;
            this.centreY = centre[0];
            this.centreU = centre[1];
            this.centreV = centre[2];
            this.atNanos = atNanos;
        }

        public int width() { return width; }
        public int y() { return centreY; }
        public int u() { return centreU; }
        public int v() { return centreV; }
        public int height() { return height; }
        public long atNanos() { return atNanos; }
        public int[] centre() { return new int[] {centreY, centreU, centreV}; }

        public boolean hasPixels() {
            return i420 != null;
        }

        /** Y/U/V at (x, y); the picture must still be kept. */
        public int[] yuv(int x, int yPos) {
            byte[] data = i420;
            if (data == null) {
                throw new IllegalStateException("picture no longer kept");
            }
            return new int[] {y(data, width, x, yPos), u(data, width, height, x, yPos), v(data, width, height, x, yPos)};
        }

        /** Mean luma of the rectangle [x0, x1) × [y0, y1). */
        public double meanY(int x0, int y0, int x1, int y1) {
            byte[] data = i420;
            long sum = 0;
            for (int row = y0; row < y1; row++) {
                for (int col = x0; col < x1; col++) {
                    sum += data[row * width + col] & 0xff;
                }
            }
            return (double) sum / Math.max(1, (long) (x1 - x0) * (y1 - y0));
        }

        /** Largest luma in the rectangle [x0, x1) × [y0, y1). */
        public int maxY(int x0, int y0, int x1, int y1) {
            byte[] data = i420;
            int max = 0;
            for (int row = y0; row < y1; row++) {
                for (int col = x0; col < x1; col++) {
                    max = Math.max(max, data[row * width + col] & 0xff);
                }
            }
            return max;
        }

        public boolean looks(int[] yuv, int tolerance) {
            return Math.abs(centreY - yuv[0]) <= tolerance && Math.abs(centreU - yuv[1]) <= tolerance
                    && Math.abs(centreV - yuv[2]) <= tolerance;
        }

        void forget() {
            i420 = null;
        }

        @Override
        public String toString() {
            return width + "x" + height + " centre " + centreY + "/" + centreU + "/" + centreV;
        }

        private static int y(byte[] d, int w, int x, int yPos) {
            return d[yPos * w + x] & 0xff;
        }

        private static int u(byte[] d, int w, int h, int x, int yPos) {
            return d[w * h + (yPos / 2) * (w / 2) + x / 2] & 0xff;
        }

        private static int v(byte[] d, int w, int h, int x, int yPos) {
            return d[w * h + (w / 2) * (h / 2) + (yPos / 2) * (w / 2) + x / 2] & 0xff;
        }
    }

    private final WsClient socket;
    private final int keep;
    private final List<Picture> pictures = new CopyOnWriteArrayList<>();
    private final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
    private final PipedOutputStream pipeIn = new PipedOutputStream();
    private final Thread pump;
    private final Thread decoder;
    private final long connectedAtNanos;
    private volatile boolean closed;
    private volatile String videoCodec;
    private volatile long firstBytesAtNanos;
    private volatile long bytesReceived;
    private volatile int cursor;

    /** Connects to the feed at {@code path}; keeps the centre (not the pixels) of every picture. */
    public FeedViewerClient(int port, String path) throws IOException {
        this(port, path, 0);
    }

    /** Connects to the feed at {@code path}; keeps the pixels of the last {@code keep} pictures. */
    public FeedViewerClient(int port, String path, int keep) throws IOException {
        this.keep = keep;
        PipedInputStream pipeOut = new PipedInputStream(pipeIn, 16 * 1024 * 1024);
        socket = WsClient.connect(port, path);
        connectedAtNanos = System.nanoTime();
        pump = new Thread(() -> {
            try {
                while (!closed) {
                    byte[] chunk = socket.nextBinary(Duration.ofMillis(200));
                    if (chunk != null) {
                        if (firstBytesAtNanos == 0) {
                            firstBytesAtNanos = System.nanoTime();
                        }
                        bytesReceived += chunk.length;
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

    public Picture last() {
        return pictures.isEmpty() ? null : pictures.get(pictures.size() - 1);
    }

    /** The feed's video codec as FFmpeg names it (e.g. mpeg1video), once the stream was opened. */
    public String videoCodec() {
        return videoCodec;
    }

    public long connectedAtNanos() {
        return connectedAtNanos;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public WsClient socket() {
        return socket;
    }

    /** Waits for a picture matching {@code test}; returns it, or null. */
    public Picture await(Predicate<Picture> test, Duration limit) throws InterruptedException {
        Picture[] found = new Picture[1];
        Waits.until(limit, () -> {
            for (Picture p : pictures) {
                if (test.test(p)) {
                    found[0] = p;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Pictures decoded at or after {@code fromNanos} and before {@code toNanos}. */
    public List<Picture> between(long fromNanos, long toNanos) {
        List<Picture> out = new ArrayList<>();
        for (Picture p : pictures) {
            if (p.atNanos() >= fromNanos && p.atNanos() < toNanos) {
                out.add(p);
            }
        }
        return out;
    }

    private void decode(PipedInputStream in) {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(in, 0)) {
            grabber.setFormat("mpegts");
            grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            grabber.setOption("probesize", "32");
            grabber.setOption("analyzeduration", "0");
            grabber.setOption("fflags", "nobuffer");
            grabber.startUnsafe(); // never start(): it holds a JVM-wide lock while waiting for data
            videoCodec = grabber.getVideoCodecName();
            Frame frame;
            while (!closed && (frame = grabber.grabImage()) != null) {
                if (videoCodec == null) {
                    videoCodec = grabber.getVideoCodecName();
                }
                pictures.add(new Picture(frame.imageWidth, frame.imageHeight, centre(frame), keep > 0 ? tight(frame) : null,
                        System.nanoTime()));
                int n = pictures.size();
                if (n > keep) {
                    pictures.get(n - keep - 1).forget();
                }
            }
        } catch (Exception e) {
            // the stream ended
        }
    }

    /** Y/U/V at the centre, read in place (swscale leaves planes back to back with luma stride imageStride). */
    private static int[] centre(Frame frame) {
        ByteBuffer b = ((ByteBuffer) frame.image[0]).duplicate();
        b.limit(b.capacity());
        int h = frame.imageHeight;
        int stride = frame.imageStride;
        int cx = frame.imageWidth / 2;
        int cy = h / 2;
        int uBase = stride * h;
        int vBase = uBase + (stride / 2) * (h / 2);
        return new int[] {b.get(cy * stride + cx) & 0xff, b.get(uBase + (cy / 2) * (stride / 2) + cx / 2) & 0xff,
            b.get(vBase + (cy / 2) * (stride / 2) + cx / 2) & 0xff};
    }

    /** The picture as tight I420 (swscale leaves planes back to back with luma stride imageStride). */
    private static byte[] tight(Frame frame) {
        ByteBuffer b = ((ByteBuffer) frame.image[0]).duplicate();
        b.limit(b.capacity());
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int stride = frame.imageStride;
        byte[] out = new byte[w * h * 3 / 2];
        for (int row = 0; row < h; row++) {
            b.position(row * stride);
            b.get(out, row * w, w);
        }
        int cStride = stride / 2;
        int srcU = stride * h;
        int srcV = srcU + cStride * (h / 2);
        int dstU = w * h;
        int dstV = dstU + (w / 2) * (h / 2);
        for (int row = 0; row < h / 2; row++) {
            b.position(srcU + row * cStride);
            b.get(out, dstU + row * (w / 2), w / 2);
            b.position(srcV + row * cStride);
            b.get(out, dstV + row * (w / 2), w / 2);
        }
        return out;
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
