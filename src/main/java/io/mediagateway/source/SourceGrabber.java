package io.mediagateway.source;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mediagateway.audio.Mp3Decoder;
import io.mediagateway.audio.Pcm;
import io.mediagateway.runtime.RestartBackoff;
import io.mediagateway.video.FrameFit;
import io.mediagateway.video.I420Frame;
import io.mediagateway.video.VirtualCamera;
import io.mediagateway.virtualinput.SourceType;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One URL played in real time: an FFmpeg grabber opened, read and closed on one thread (the thread of its
 * {@link RestartBackoff}), so no native object is ever touched from two threads. It decodes the kinds asked for
 * (pictures fitted to the camera size, PCM resampled to {@link Pcm}), and hands each out when its timestamp is due on
 * the wall clock, so a file (or a server that sends faster than real time) plays at real-time pace.
 *
 * <ul>
 * <li>{@code file}: at the end it starts over when {@code loop} (the default), else it stays ended (camera black, mic
 * silent).</li>
 * <li>{@code stream}: when the source drops or cannot be opened, the reason goes to {@code last_error} and it is
 * reopened with backoff; meanwhile the camera goes black (stale) and the pacer plays silence.</li>
 * <li>Live means live: a stream picture more than {@link #LATE} behind its slot (a backlog after a stall) is dropped
 * rather than shown late; past {@link #REBASE} behind (a source slower than real time) the clock starts over.</li>
 * </ul>
 */
final class SourceGrabber {

    /** Where decoded media goes; returns false when nobody took it. */
    interface Output {
        boolean video(I420Frame frame);

        boolean audio(byte[] pcm);
    }

    static final Duration LATE = Duration.ofMillis(300);
    static final Duration REBASE = Duration.ofSeconds(2);
    /** A timestamp jump larger than this (a discontinuity, a new loop) restarts the clock instead of waiting. */
    static final Duration JUMP = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(SourceGrabber.class);
    private static final Pattern FFMPEG_ERROR = Pattern.compile("error (-\\d+)");

    private final String name;
    private final String url;
    private final SourceType type;
    private final boolean loop;
    private final VirtualCamera.Settings box;
    private final boolean wantAudio;
    private final Output output;
    private final Duration openTimeout;
    private final RestartBackoff backoff;
    private final SourceStats stats = new SourceStats();
    private volatile boolean closing;

    /**
     * @param box the camera size pictures are fitted to; null when this grabber feeds no video
     */
    SourceGrabber(String name, String url, SourceType type, boolean loop, VirtualCamera.Settings box, boolean wantAudio,
            Output output, Duration openTimeout, Duration reconnectBackoff, Duration reconnectBackoffMax) {
        this.name = name;
        this.url = url;
        this.type = type;
        this.loop = loop;
        this.box = box;
        this.wantAudio = wantAudio;
        this.output = output;
        this.openTimeout = openTimeout;
        this.backoff = new RestartBackoff("source-grabber-" + name, reconnectBackoff, reconnectBackoffMax);
    }

    SourceStats stats() {
        return stats;
    }

    void start() {
        backoff.execute(this::attempt);
    }

    /** Stops reading and releases the grabber. A read blocked in FFmpeg returns within the open timeout at worst. */
    void close() {
        closing = true;
        try {
            if (!backoff.shutdownAndWait(CLOSE_WAIT)) {
                LOG.warn("[virtual-input] source grabber={} still inside FFmpeg after {} ms; it ends within {} ms",
                        name, CLOSE_WAIT.toMillis(), openTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stats.state("closed");
    }

    /** One open-play-close pass, then what comes next: loop, end, or a reconnect after backoff. */
    private void attempt() {
        if (closing) {
            return;
        }
        Outcome outcome = playOnce();
        if (closing || outcome == Outcome.CLOSED) {
            return;
        }
        if (outcome == Outcome.ENDED && type == SourceType.FILE) {
            backoff.stable();
            if (loop) {
                stats.loops.incrementAndGet();
                backoff.execute(this::attempt);
            } else {
                stats.state("ended");
                LOG.info("[virtual-input] source ended grabber={} (loop off)", name);
            }
            return;
        }
        if (outcome == Outcome.ENDED) {
            stats.error("The stream " + url + " ended at " + now() + "; reconnecting.");
        }
        if (outcome != Outcome.FAILED) {
            backoff.stable(); // it played: the next wait starts from the shortest again
        }
        stats.reconnects.incrementAndGet();
        long delay = backoff.schedule(this::attempt);
        stats.state("reconnecting");
        LOG.info("[virtual-input] source reconnecting grabber={} in_ms={} reason=\"{}\"", name, delay, stats.lastError());
    }

    private enum Outcome { ENDED, FAILED, DROPPED, CLOSED }

    private Outcome playOnce() {
        SourceInput input = SourceInput.of(url, openTimeout);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input.name());
        input.options().forEach(grabber::setOption);
        if (box != null) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        }
        if (wantAudio) {
            grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            grabber.setSampleRate(Pcm.SAMPLE_RATE);
            grabber.setAudioChannels(Pcm.CHANNELS);
        }
        boolean delivered = false;
        boolean decoded = false;
        try {
            stats.state("opening");
            stats.opens.incrementAndGet();
            // not start(): it holds a JVM-wide lock (avcodec.class) for as long as opening takes (see javacv package)
            grabber.startUnsafe();
            boolean video = box != null && grabber.getVideoStream() >= 0 && grabber.getImageWidth() > 0;
            boolean audio = wantAudio && grabber.getAudioStream() >= 0 && grabber.getAudioChannels() > 0;
            if (!video && !audio) {
                stats.error("The source " + url + " has no " + (box != null && wantAudio ? "video or audio"
                        : box != null ? "video" : "audio") + " stream FFmpeg can decode (format "
                        + grabber.getFormat() + ") at " + now() + ".");
                return Outcome.FAILED;
            }
            if (video) {
                int[] fit = FrameFit.inside(grabber.getImageWidth(), grabber.getImageHeight(), box.width(), box.height());
                String size = grabber.getImageWidth() + "x" + grabber.getImageHeight();
                grabber.setImageWidth(fit[0]);
                grabber.setImageHeight(fit[1]);
                stats.opened(grabber.getFormat(), grabber.getVideoCodecName(), audio ? grabber.getAudioCodecName() : null, size);
            } else {
                stats.opened(grabber.getFormat(), null, grabber.getAudioCodecName(), null);
            }
            if (stats.lastError() != null) {
                LOG.info("[virtual-input] source playing again grabber={} after=\"{}\"", name, stats.lastError());
            } else {
                LOG.info("[virtual-input] source playing grabber={} format={} video={} audio={}", name,
                        grabber.getFormat(), video ? grabber.getVideoCodecName() : "-", audio ? grabber.getAudioCodecName() : "-");
            }
            Clock clock = new Clock();
            Frame frame;
            while (!closing && (frame = grabber.grabFrame(audio, video, true, false)) != null) {
                stats.bytesIn.set(bytesRead(grabber.getFormatContext()));
                if (frame.image != null && video) {
                    I420Frame picture = FrameFit.pad((ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight,
                            frame.imageStride, box.width(), box.height());
                    stats.picture();
                    decoded = true;
                    if (clock.await(frame.timestamp)) {
                        delivered = delivered(output.video(picture), delivered);
                    } else {
                        stats.lateFramesDropped.incrementAndGet();
                    }
                } else if (frame.samples != null && audio) {
                    byte[] pcm = Pcm.littleEndian((ShortBuffer) frame.samples[0]);
                    stats.samples(Pcm.millis(pcm.length));
                    decoded = true;
                    if (clock.await(frame.timestamp)) {
                        delivered = delivered(output.audio(pcm), delivered);
                    }
                }
            }
            if (closing) {
                return Outcome.CLOSED;
            }
            if (!decoded) { // an empty or broken file must not loop hot: it is retried with backoff
                stats.error("The source " + url + " ended before a single frame could be decoded (" + now() + ").");
                return Outcome.FAILED;
            }
            return Outcome.ENDED;
        } catch (InterruptedException e) {
            return Outcome.CLOSED;
        } catch (Exception e) {
            if (closing) {
                return Outcome.CLOSED;
            }
            stats.error(explain(e));
            LOG.debug("[virtual-input] source error grabber={}", name, e);
            return delivered ? Outcome.DROPPED : Outcome.FAILED;
        } finally {
            try {
                grabber.close();
            } catch (Exception e) {
                LOG.debug("[virtual-input] source grabber close failed grabber={}", name, e);
            }
        }
    }

    /** The first frame delivered after an open clears the last attempt's error (an open alone proves nothing). */
    private boolean delivered(boolean now, boolean before) {
        if (now && !before) {
            stats.error(null);
        }
        return now || before;
    }

    /** Bytes FFmpeg has read from the source (0 for inputs without an I/O context, e.g. rtsp). */
    private static long bytesRead(AVFormatContext format) {
        return format == null || format.pb() == null ? 0 : format.pb().bytes_read();
    }

    /** FFmpeg's failure in words: its error text for the AVERROR code JavaCV only gives as a number. */
    private String explain(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher code = FFMPEG_ERROR.matcher(message);
        String reason = code.find() ? Mp3Decoder.describe(Integer.parseInt(code.group(1))) : message;
        String step = message.startsWith("avformat_open_input") ? "cannot be opened"
                : message.startsWith("avformat_find_stream_info") ? "cannot be probed" : "failed";
        return "The source " + url + " " + step + ": " + reason + " (" + now() + ")"
                + (type == SourceType.STREAM ? "; reconnecting." : ".");
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /**
     * Maps media timestamps (µs) onto the wall clock: the first frame is due now, each next one when its timestamp
     * says. Streams drop what is late (live, not replayed); everything rebases after a jump or a long stall.
     */
    private final class Clock {
        private long baseMedia = Long.MIN_VALUE;
        private long baseWall;
        private long lastMedia;

        /** Waits until {@code timestampMicros} is due; false when the frame is too late to be shown (streams). */
        boolean await(long timestampMicros) throws InterruptedException {
            long now = System.nanoTime();
            if (baseMedia == Long.MIN_VALUE || Math.abs(timestampMicros - lastMedia) > JUMP.toNanos() / 1000) {
                if (baseMedia != Long.MIN_VALUE) {
                    stats.clockResets.incrementAndGet();
                }
                baseMedia = timestampMicros;
                baseWall = now;
                lastMedia = timestampMicros;
            }
            lastMedia = Math.max(lastMedia, timestampMicros);
            long due = baseWall + (timestampMicros - baseMedia) * 1000;
            long wait = due - now;
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
                return true;
            }
            if (-wait > REBASE.toNanos()) {
                stats.clockResets.incrementAndGet();
                baseMedia = timestampMicros;
                baseWall = now;
                return true;
            }
            return type != SourceType.STREAM || -wait <= LATE.toNanos();
        }
    }
}
