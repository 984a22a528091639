package io.mediagateway.livestream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.mediagateway.audio.Pcm;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.video.FrameFit;
import io.mediagateway.video.I420Frame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One encoder: the display's pictures and the desktop's sound in, {@link Segment}s of one {@link Encoding} out to
 * every subscriber. Packets are flushed as soon as the muxer writes them, so each picture or block of sound becomes
 * a segment right away (FLV: as soon as interleaving allows). Pictures are stamped with the capture clock, so a slow moment
 * leaves a gap rather than drifting from the sound. Started at the first picture (its size is the stream's size);
 * restarted, with a new init segment, when the picture size changes or encoding fails. {@link Encoding#I420_PCM} has
 * no FFmpeg encoder: subscribers get copies of the pictures ({@link I420Frame}) and of the sound (PCM bytes).
 */
final class StreamEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEncoder.class);
    /** MPEG-1 can only signal 23.976, 24, 25, 29.97, 30, 50 or 60 fps; streams run at 1–20, labelled 24. */
    private static final int MPEG1_LABEL_RATE = 24;
    private static final int TS_PACKET = 188;
    private static final int TS_VIDEO_PID = 0x100; // FFmpeg's mpegts muxer numbers streams from 0x100; video is first

    private final Encoding encoding;
    private final int frameRate;
    private final GatewayProperties.Livestream settings;
    private final String name;
    private final List<Consumer<Object>> subscribers = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512 * 1024);
    private FFmpegFrameRecorder recorder;
    private byte[] init;
    private int width;
    private int height;
    private long startNanos;
    private volatile long segments;
    private volatile long lastSegmentNanos;
    private volatile String lastError;
    private boolean closed;
    private boolean warnedSampleFormat;
    /** This encoder as a listener of the captures (one instance each, so it can be removed again). */
    final Consumer<Frame> pictures = this::picture;
    final Consumer<Frame> sounds = this::sound;

    StreamEncoder(Encoding encoding, int frameRate, GatewayProperties.Livestream settings, String name) {
        this.encoding = encoding;
        this.frameRate = frameRate;
        this.settings = settings;
        this.name = name;
    }

    /** Subscribes; the current init segment (if any) is delivered first, in the caller's thread. */
    synchronized void subscribe(Consumer<Object> subscriber) {
        if (init != null) {
            subscriber.accept(Segment.init(init));
        }
        subscribers.add(subscriber);
    }

    synchronized void unsubscribe(Consumer<Object> subscriber) {
        subscribers.remove(subscriber);
    }

    /** A picture from the screen capture (its thread). */
    synchronized void picture(Frame frame) {
        if (!encoding.hasVideo() || closed) {
            return;
        }
        if (encoding == Encoding.I420_PCM) {
            emitRaw(FrameFit.pad((ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight, frame.imageStride,
                    frame.imageWidth, frame.imageHeight));
            return;
        }
        try {
            if (recorder == null || frame.imageWidth != width || frame.imageHeight != height) {
                restart(frame.imageWidth, frame.imageHeight);
            }
            long elapsedMicros = (System.nanoTime() - startNanos) / 1000;
            long frameNumber = Math.round(elapsedMicros * recorder.getFrameRate() / 1_000_000);
            if (frameNumber > recorder.getFrameNumber()) {
                recorder.setFrameNumber((int) frameNumber);
            }
            out.reset();
            recorder.record(frame, avutil.AV_PIX_FMT_YUV420P);
            emit(out.toByteArray());
        } catch (Exception e) {
            fail(e);
        }
    }

    /** A block of sound from the sound capture (its thread). Dropped until the first picture started a video encoder. */
    synchronized void sound(Frame frame) {
        if (closed) {
            return;
        }
        if (encoding == Encoding.I420_PCM) {
            emitRaw(pcm(frame));
            return;
        }
        try {
            if (recorder == null) {
                if (encoding.hasVideo()) {
                    return;
                }
                restart(0, 0);
            }
            out.reset();
            recorder.recordSamples(frame.sampleRate, frame.audioChannels, frame.samples);
            emit(out.toByteArray());
        } catch (Exception e) {
            fail(e);
        }
    }

    Encoding encoding() {
        return encoding;
    }

    long segments() {
        return segments;
    }

    /** When the last segment came out (System.nanoTime), 0 before the first. */
    long lastSegmentNanos() {
        return lastSegmentNanos;
    }

    String lastError() {
        return lastError;
    }

    synchronized void close() {
        closed = true;
        closeRecorder();
        subscribers.clear();
        LOG.info("[livestream] encoder stopped encoder={} segments={}", name, segments);
    }

    private void emit(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        Segment segment = new Segment(bytes, isKeyframe(bytes), false);
        segments++;
        lastSegmentNanos = System.nanoTime();
        for (Consumer<Object> subscriber : subscribers) {
            subscriber.accept(segment);
        }
    }

    private void emitRaw(Object media) {
        segments++;
        lastSegmentNanos = System.nanoTime();
        for (Consumer<Object> subscriber : subscribers) {
            subscriber.accept(media);
        }
    }

    /** The capture's interleaved 16-bit samples ({@link SoundCapture} asks FFmpeg for S16) as little-endian bytes. */
    private byte[] pcm(Frame frame) {
        if (frame.samples == null || frame.samples.length != 1 || !(frame.samples[0] instanceof ShortBuffer samples)) {
            if (!warnedSampleFormat) {
                warnedSampleFormat = true;
                LOG.warn("[livestream] sound not interleaved 16-bit encoder={} buffers={} (raw PCM viewers get silence)",
                        name, frame.samples == null ? 0 : frame.samples.length);
            }
            return new byte[0];
        }
        return Pcm.littleEndian(samples);
    }

    private boolean isKeyframe(byte[] bytes) {
        return switch (encoding) {
            case FLV_H264_AAC -> flvKeyframe(bytes);
            case TS_MPEG1_MP2 -> tsRandomAccess(bytes);
            case MP3, I420_PCM -> true;
        };
    }

    /** FLV tags: type 9 is video; the high nibble of its first data byte is 1 for a keyframe. */
    static boolean flvKeyframe(byte[] tags) {
        int at = 0;
        while (at + 11 < tags.length) {
            int size = ((tags[at + 1] & 0xff) << 16) | ((tags[at + 2] & 0xff) << 8) | (tags[at + 3] & 0xff);
            if ((tags[at] & 0x1f) == 9 && ((tags[at + 11] & 0xff) >> 4) == 1) {
                return true;
            }
            at += 11 + size + 4;
        }
        return false;
    }

    /** TS packets of the video PID with the adaptation field's random_access_indicator: a keyframe starts there. */
    static boolean tsRandomAccess(byte[] ts) {
        for (int at = 0; at + TS_PACKET <= ts.length; at += TS_PACKET) {
            int pid = ((ts[at + 1] & 0x1f) << 8) | (ts[at + 2] & 0xff);
            boolean adaptation = (ts[at + 3] & 0x20) != 0;
            if (ts[at] == 0x47 && pid == TS_VIDEO_PID && adaptation && (ts[at + 4] & 0xff) > 0 && (ts[at + 5] & 0x40) != 0) {
                return true;
            }
        }
        return false;
    }

    private void restart(int newWidth, int newHeight) throws FFmpegFrameRecorder.Exception {
        closeRecorder();
        width = newWidth;
        height = newHeight;
        out.reset();
        FFmpegFrameRecorder created = new FFmpegFrameRecorder(out, newWidth, newHeight, SoundCapture.CHANNELS);
        created.setSampleRate(SoundCapture.SAMPLE_RATE);
        created.setAudioBitrate(settings.getAudioBitrate());
        // FLV refuses a packet older than the first one written (AAC starts before 0): it needs the muxer's
        // interleaving; TS and MP3 take packets as they come (lower latency)
        created.setInterleaved(encoding == Encoding.FLV_H264_AAC);
        created.setOption("flush_packets", "1");
        int gop = (int) Math.max(1, settings.getKeyframeInterval().toMillis() * frameRate / 1000);
        switch (encoding) {
            case FLV_H264_AAC -> {
                created.setFormat("flv");
                created.setVideoCodecName("libopenh264");
                created.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                created.setFrameRate(frameRate);
                created.setGopSize(gop);
                created.setVideoBitrate(settings.getVideoBitrate());
                created.setVideoOption("rc_mode", "bitrate");
                created.setVideoOption("allow_skip_frames", "0");
                created.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            }
            case TS_MPEG1_MP2 -> {
                created.setFormat("mpegts");
                created.setVideoCodec(avcodec.AV_CODEC_ID_MPEG1VIDEO);
                created.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                created.setFrameRate(MPEG1_LABEL_RATE);
                created.setGopSize(gop);
                created.setVideoQuality(settings.getMpeg1Quality());
                created.setAudioCodec(avcodec.AV_CODEC_ID_MP2);
                created.setOption("muxdelay", "0");
                created.setOption("muxpreload", "0");
                created.setOption("mpegts_flags", "pat_pmt_at_frames");
            }
            case I420_PCM -> throw new IllegalStateException("i420-pcm is not encoded");
            case MP3 -> {
                created.setFormat("mp3");
                created.setAudioCodec(avcodec.AV_CODEC_ID_MP3);
                created.setOption("id3v2_version", "0");
                created.setOption("write_xing", "0");
            }
        }
        try {
            created.startUnsafe(); // see javacv/package-info
        } catch (FFmpegFrameRecorder.Exception | RuntimeException e) {
            release(created);
            throw e;
        }
        recorder = created;
        startNanos = System.nanoTime();
        // what the header wrote: FLV header, metadata and codec configuration (nothing a TS or MP3 receiver needs)
        byte[] header = out.toByteArray();
        init = encoding == Encoding.FLV_H264_AAC ? header : null;
        out.reset();
        if (init != null) {
            Segment segment = Segment.init(init);
            subscribers.forEach(s -> s.accept(segment));
        }
        LOG.info("[livestream] encoder started encoder={} size={}x{} fps={} gop={}", name, newWidth, newHeight, frameRate, gop);
    }

    private void fail(Exception e) {
        lastError = "encoding failed: " + e.getMessage();
        LOG.warn("[livestream] encoder failed encoder={} error=\"{}\" (restarting at the next picture)", name, e.getMessage());
        closeRecorder();
    }

    private void closeRecorder() {
        if (recorder != null) {
            release(recorder);
            recorder = null;
        }
    }

    private static void release(FFmpegFrameRecorder recorder) {
        try {
            recorder.close();
        } catch (Exception ignored) {
            // the stream ends either way
        }
    }
}
