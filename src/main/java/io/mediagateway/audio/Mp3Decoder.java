package io.mediagateway.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_compare;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.io.ByteArrayOutputStream;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes whole MP3 frames ({@link Mp3FrameScanner}) with FFmpeg's mp3 decoder, through the JavaCPP presets that
 * JavaCV is built on, and resamples to {@link Pcm} with libswresample. Synchronous: each call returns the PCM of the
 * frames it was given, with no frame held back. A frame FFmpeg rejects is counted and skipped; the decoder carries on
 * with the next one. Not thread-safe (one per publisher connection); {@link #close()} frees every native object.
 */
public final class Mp3Decoder implements AutoCloseable {

    static {
        // the JavaCPP loader extracts and links the bundled FFmpeg natives once per JVM
        Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
        Loader.load(org.bytedeco.ffmpeg.global.swresample.class);
    }

    private static final int PACKET_CAPACITY = 4096; // > the largest Layer III frame (2,881 bytes)

    private final AVCodecContext codec;
    private final AVPacket packet;
    private final AVFrame frame;
    private final BytePointer packetData;
    private final AVChannelLayout outLayout = new AVChannelLayout();
    private final AVChannelLayout inLayout = new AVChannelLayout();
    private SwrContext resampler;
    private int inRate;
    private int inFormat = -1;
    private BytePointer outBuffer;
    private int outCapacitySamples;
    private final PointerPointer<BytePointer> outPlanes = new PointerPointer<>(1);
    private long errors;
    private String lastError;
    private boolean closed;

    public Mp3Decoder() {
        AVCodec decoder = avcodec_find_decoder(AV_CODEC_ID_MP3);
        if (decoder == null) {
            throw new IllegalStateException("the bundled FFmpeg has no mp3 decoder");
        }
        codec = avcodec_alloc_context3(decoder);
        int ret = avcodec_open2(codec, decoder, (AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(codec);
            throw new IllegalStateException("cannot open the mp3 decoder: " + describe(ret));
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        packetData = new BytePointer(av_malloc(PACKET_CAPACITY + AV_INPUT_BUFFER_PADDING_SIZE))
                .capacity(PACKET_CAPACITY + AV_INPUT_BUFFER_PADDING_SIZE);
        packetData.fill(0);
        av_channel_layout_default(outLayout, Pcm.CHANNELS);
    }

    /** PCM ({@link Pcm} format) of {@code frame}; empty when FFmpeg rejected it (counted in {@link #errors()}). */
    public byte[] decode(byte[] mp3Frame) {
        ensureOpen();
        if (mp3Frame.length > PACKET_CAPACITY) {
            errors++;
            lastError = "frame of " + mp3Frame.length + " bytes is larger than any MP3 frame";
            return new byte[0];
        }
        packetData.position(0).put(mp3Frame, 0, mp3Frame.length);
        packetData.position(mp3Frame.length).limit(mp3Frame.length + AV_INPUT_BUFFER_PADDING_SIZE).fill(0);
        packetData.position(0).limit(packetData.capacity());
        packet.data(packetData);
        packet.size(mp3Frame.length);
        int ret = avcodec_send_packet(codec, packet);
        if (ret < 0 && ret != AVERROR_EAGAIN()) {
            errors++;
            lastError = describe(ret);
            return new byte[0];
        }
        return receive();
    }

    /** At the end of a stream: what the decoder and the resampler still hold. */
    public byte[] flush() {
        ensureOpen();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (avcodec_send_packet(codec, null) >= 0) {
            byte[] rest = receive();
            out.write(rest, 0, rest.length);
        }
        if (resampler != null) {
            int samples = swr_convert(resampler, outPlanes(swr_get_out_samples(resampler, 0) + 64), outCapacitySamples,
                    (PointerPointer<?>) null, 0);
            if (samples > 0) {
                byte[] tail = new byte[samples * Pcm.BYTES_PER_FRAME];
                outBuffer.position(0).get(tail);
                out.write(tail, 0, tail.length);
            }
        }
        return out.toByteArray();
    }

    /** Frames FFmpeg rejected. */
    public long errors() {
        return errors;
    }

    /** FFmpeg's message for the last rejected frame, or null. */
    public String lastError() {
        return lastError;
    }

    private byte[] receive() {
        ByteArrayOutputStream out = null;
        while (true) {
            int ret = avcodec_receive_frame(codec, frame);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF()) {
                break;
            }
            if (ret < 0) {
                errors++;
                lastError = describe(ret);
                break;
            }
            byte[] pcm = resample();
            if (out == null) {
                out = new ByteArrayOutputStream(pcm.length);
            }
            out.write(pcm, 0, pcm.length);
        }
        return out == null ? new byte[0] : out.toByteArray();
    }

    private byte[] resample() {
        if (resampler == null || frame.sample_rate() != inRate || frame.format() != inFormat
                || av_channel_layout_compare(frame.ch_layout(), inLayout) != 0) {
            openResampler();
        }
        int maxOut = swr_get_out_samples(resampler, frame.nb_samples()) + 64;
        int samples = swr_convert(resampler, outPlanes(maxOut), outCapacitySamples, frame.extended_data(),
                frame.nb_samples());
        if (samples < 0) {
            errors++;
            lastError = "resampling failed: " + describe(samples);
            return new byte[0];
        }
        byte[] pcm = new byte[samples * Pcm.BYTES_PER_FRAME];
        outBuffer.position(0).get(pcm);
        return pcm;
    }

    private void openResampler() {
        if (resampler != null) {
            swr_free(resampler);
            resampler = null;
        }
        av_channel_layout_uninit(inLayout);
        av_channel_layout_copy(inLayout, frame.ch_layout());
        inRate = frame.sample_rate();
        inFormat = frame.format();
        SwrContext created = new SwrContext(null);
        int ret = swr_alloc_set_opts2(created, outLayout, AV_SAMPLE_FMT_S16, Pcm.SAMPLE_RATE, inLayout, inFormat, inRate,
                0, null);
        if (ret < 0 || (ret = swr_init(created)) < 0) {
            swr_free(created);
            throw new IllegalStateException("cannot resample " + inRate + " Hz audio: " + describe(ret));
        }
        resampler = created;
    }

    /** The output plane pointer, with room for at least {@code samples} frames. */
    private PointerPointer<BytePointer> outPlanes(int samples) {
        if (outBuffer == null || samples > outCapacitySamples) {
            if (outBuffer != null) {
                av_free(outBuffer.position(0));
            }
            outCapacitySamples = Math.max(samples, 4096);
            outBuffer = new BytePointer(av_malloc((long) outCapacitySamples * Pcm.BYTES_PER_FRAME))
                    .capacity((long) outCapacitySamples * Pcm.BYTES_PER_FRAME);
            outPlanes.put(0, outBuffer);
        }
        return outPlanes;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("decoder closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        packet.data(null);
        packet.size(0);
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(codec);
        av_free(packetData.position(0));
        if (resampler != null) {
            swr_free(resampler);
        }
        if (outBuffer != null) {
            av_free(outBuffer.position(0));
        }
        av_channel_layout_uninit(inLayout);
        av_channel_layout_uninit(outLayout);
        outPlanes.close();
    }

    /** FFmpeg's text for an AVERROR code, with the code. */
    public static String describe(int error) {
        byte[] text = new byte[256];
        av_strerror(error, text, text.length);
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end) + " (" + error + ")";
    }
}
