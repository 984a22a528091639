package io.mediagateway.javacv;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.mediagateway.video.FrameFit;
import io.mediagateway.video.I420Frame;
import io.mediagateway.video.VideoIngestStats;
import io.mediagateway.video.VirtualCamera;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the MPEG-TS of one publisher connection (any video codec FFmpeg knows: MPEG-1, H.264 ...) into I420 frames
 * at the camera's size, on a thread of its own. Chunks go in through {@link #write} in order; FFmpeg reads them as a
 * stream. It only ever gets whole packets ({@link TsVideoIngest} aligns them); if FFmpeg still fails to open the
 * stream, it is reopened on the following data.
 */
final class TsVideoDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(TsVideoDecoder.class);
    private static final long BUFFER_BYTES = 4L * 1024 * 1024;

    private final ChunkInputStream input = new ChunkInputStream(BUFFER_BYTES);
    private final Supplier<VirtualCamera.Settings> target;
    private final Consumer<I420Frame> output;
    private final VideoIngestStats stats;
    private final Thread thread;

    TsVideoDecoder(String name, Supplier<VirtualCamera.Settings> target, Consumer<I420Frame> output, VideoIngestStats stats) {
        this.target = target;
        this.output = output;
        this.stats = stats;
        this.thread = new Thread(this::run, "ts-decoder-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whole TS packets, in order. Blocks while the decoder is 4 MiB behind. */
    void write(byte[] packets) throws InterruptedException {
        input.write(packets);
    }

    /** The input ended: decode what is buffered, then stop. */
    void end() {
        input.end();
    }

    void awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /**
     * Reads packets until the demuxer announces a video stream (a new PMT version adds it) or the input ends. Rare
     * now: {@link TsVideoIngest} starts a decoder only once its PMT names a video stream.
     */
    private static void awaitVideoStream(FFmpegFrameGrabber grabber) throws FFmpegFrameGrabber.Exception {
        while (grabber.grabPacket() != null) {
            AVFormatContext format = grabber.getFormatContext();
            for (int s = 0; s < format.nb_streams(); s++) {
                if (format.streams(s).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    return;
                }
            }
        }
    }

    private void run() {
        while (!input.ended()) {
            FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input, 0);
            grabber.setFormat("mpegts");
            grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            // start from the first picture we can, not after seconds of probing: this is live input
            grabber.setOption("probesize", "65536");
            grabber.setOption("analyzeduration", "200000");
            grabber.setOption("fflags", "nobuffer");
            try {
                // not start(): it holds a JVM-wide lock (avcodec.class) while it waits for input, so one silent
                // publisher would stall every other grabber and recorder; FFmpeg locks codec init itself
                grabber.startUnsafe();
                if (grabber.getVideoStream() < 0) {
                    stats.error("the MPEG-TS carries no video stream");
                    // JavaCV only decodes the streams present at open: wait for one to appear, then open again
                    awaitVideoStream(grabber);
                    continue;
                }
                int srcW = -1;
                int srcH = -1;
                VirtualCamera.Settings fitted = null;
                Frame frame;
                while ((frame = grabber.grabImage()) != null) {
                    VirtualCamera.Settings box = target.get();
                    if (box == null) {
                        continue;
                    }
                    // the decoded picture before scaling (JavaCV keeps it in opaque)
                    AVFrame source = frame.opaque instanceof AVFrame decoded ? decoded : null;
                    int w = source != null ? source.width() : frame.imageWidth;
                    int h = source != null ? source.height() : frame.imageHeight;
                    if (w != srcW || h != srcH || box != fitted) {
                        // first picture, a new source size or a new camera size: swscale produces the fitted size
                        // from the next picture on
                        srcW = w;
                        srcH = h;
                        fitted = box;
                        int[] fit = FrameFit.inside(srcW, srcH, box.width(), box.height());
                        grabber.setImageWidth(fit[0]);
                        grabber.setImageHeight(fit[1]);
                        continue;
                    }
                    stats.framesDecoded.incrementAndGet();
                    output.accept(FrameFit.pad((ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight,
                            frame.imageStride, box.width(), box.height()));
                }
            } catch (Exception e) {
                stats.decodeErrors.incrementAndGet();
                stats.error("decoding failed: " + e.getMessage());
                LOG.debug("[virtual-input] video decode error: {}", e.getMessage(), e);
            } finally {
                try {
                    grabber.close();
                } catch (Exception e) {
                    LOG.debug("[virtual-input] grabber close failed", e);
                }
            }
        }
    }
}
