package io.mediagateway.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PCM_S16LE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_get_int;

import java.io.IOException;
import java.time.Duration;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Plays PCM into one PulseAudio sink through FFmpeg's {@code pulse} output device (libavdevice, in-process, the bundled
 * FFmpeg), with a small playback buffer ({@code buffer_duration}).
 *
 * <p>Why this writer (measured on the target machines, tone bursts recorded at virtual_mic with parec):
 * <ul>
 * <li>Blocking writes into a 20 ms PulseAudio buffer put the onset of a burst ~21 ms (p50; max 27 ms) after the write,
 * with no glitches, and PulseAudio's clock paces the caller: nothing can pile up behind the device.</li>
 * <li>A {@code pacat --raw --latency-msec=N} child was worse: the 64 KB pipe in front of it hides how much is queued,
 * so every underrun (when PulseAudio waits to re-fill its pre-buffer) added latency for good: p50 320 ms after a few
 * seconds with 40 ms, and audible gaps with 10-20 ms.</li>
 * <li>JavaCV's FFmpegFrameRecorder with format "pulse" buffers 4,096 samples (85 ms) per PCM packet before writing and
 * stalled ~95 ms at a time in our runs; writing raw PCM packets to the muxer directly avoids both.</li>
 * </ul>
 * The pulse muxer drops whatever is still buffered when it is closed (STACK.md's 2 s tail loss with the default
 * buffer); here that is at most {@code buffer_duration} of silence, because the pacer keeps feeding silence after a
 * burst until the burst has played.
 *
 * <p>Wake-ups are the CPU cost here, not bytes: the writer sets PulseAudio's {@code minreq} to the size it writes at a
 * time, so the server asks for more once per block. With the default (a quarter of the buffer, 7.5 ms) libpulse's
 * thread woke for every request and the writer for every signal (bench/audio-latency.sh, 45 s measured: libpulse's
 * thread 40-55 ticks before, 26-27 after; the writer 22-32 before, 22-25 after; p50 68-76 ms after, 68 before). The
 * buffer must then hold more than two requests: PulseAudio gives the sink what is left after two of them, and with
 * exactly two (40 ms) the null sink ran at 0.3 ms latency and PulseAudio's own CPU went up fivefold; with two and a
 * half (50 ms) the sink gets ~4 ms, and what is queued in all (~37 ms) is what a 30 ms buffer with the default request
 * queued.
 */
public final class PulseAudioSink implements PcmSink {

    static {
        Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
        Loader.load(avdevice.class);
        avdevice.avdevice_register_all();
    }

    private static final int MAX_WRITE = Pcm.bytes(100);

    private final AVFormatContext output;
    private final AVPacket packet;
    private final BytePointer data;
    private final String description;
    private final Duration buffer;
    private final Duration request;
    private long nextPtsMicros;
    private boolean closed;

    private PulseAudioSink(AVFormatContext output, String sink, String server) {
        this.output = output;
        // what PulseAudio granted: the muxer reads its buffer attributes back into its options once connected
        this.buffer = Duration.ofMillis(Pcm.millis(grantedBytes(output, "buffer_size")));
        this.request = Duration.ofMillis(Pcm.millis(grantedBytes(output, "minreq")));
        this.description = sink + " on " + server + " (buffer " + buffer.toMillis() + " ms, request " + request.toMillis()
                + " ms)";
        this.packet = av_packet_alloc();
        this.data = new BytePointer(av_malloc(MAX_WRITE)).capacity(MAX_WRITE);
    }

    /**
     * Connects a playback stream to {@code sink} on {@code server} (PULSE_SERVER syntax), with a buffer of
     * {@code latency} and writes of {@code block} at a time. Throws when PulseAudio is not reachable or the sink does not
     * exist.
     */
    public static PulseAudioSink open(String server, String sink, Duration latency, Duration block, String streamName)
            throws IOException {
        AVFormatContext output = new AVFormatContext(null);
        int ret = avformat_alloc_output_context2(output, null, "pulse", streamName);
        if (ret < 0) {
            throw new IOException("FFmpeg has no pulse output: " + Mp3Decoder.describe(ret));
        }
        AVDictionary options = new AVDictionary(null);
        try {
            AVStream stream = avformat_new_stream(output, null);
            AVCodecParameters parameters = stream.codecpar();
            parameters.codec_type(AVMEDIA_TYPE_AUDIO);
            parameters.codec_id(AV_CODEC_ID_PCM_S16LE);
            parameters.format(AV_SAMPLE_FMT_S16);
            parameters.sample_rate(Pcm.SAMPLE_RATE);
            av_channel_layout_default(parameters.ch_layout(), Pcm.CHANNELS);
            av_dict_set(options, "server", server, 0);
            av_dict_set(options, "device", sink, 0);
            av_dict_set(options, "name", "media-gateway", 0);
            long bufferMillis = Math.max(latency.toMillis(), minimumLatency(block).toMillis());
            av_dict_set(options, "buffer_duration", Long.toString(bufferMillis), 0);
            av_dict_set(options, "minreq", Integer.toString(Pcm.bytes(block.toMillis())), 0);
            ret = avformat_write_header(output, options);
            if (ret < 0) {
                throw new IOException("cannot play into PulseAudio sink '" + sink + "' on " + server + ": "
                        + Mp3Decoder.describe(ret));
            }
        } catch (IOException | RuntimeException e) {
            avformat_free_context(output);
            throw e;
        } finally {
            av_dict_free(options);
        }
        return new PulseAudioSink(output, sink, server);
    }

    /** The smallest buffer for writes of {@code block}: two requests and room for the sink (see the class comment). */
    public static Duration minimumLatency(Duration block) {
        return block.multipliedBy(5).dividedBy(2);
    }

    /** PulseAudio's playback buffer for this stream ({@code tlength}), as granted. */
    public Duration buffer() {
        return buffer;
    }

    /** How much room PulseAudio waits for before asking for more ({@code minreq}), as granted. */
    public Duration request() {
        return request;
    }

    private static long grantedBytes(AVFormatContext output, String option) {
        long[] value = new long[1];
        return av_opt_get_int(output.priv_data(), option, 0, value) < 0 ? 0 : value[0];
    }

    @Override
    public void write(byte[] pcm, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("sink closed");
        }
        for (int done = 0; done < length; ) {
            int n = Math.min(MAX_WRITE, length - done);
            n -= n % Pcm.BYTES_PER_FRAME;
            data.position(0).put(pcm, offset + done, n).position(0);
            long durationMicros = (long) (n / Pcm.BYTES_PER_FRAME) * 1_000_000L / Pcm.SAMPLE_RATE;
            packet.data(data);
            packet.size(n);
            packet.stream_index(0);
            // the pulse muxer's time base is 1 µs; timestamps only feed its latency bookkeeping
            packet.pts(nextPtsMicros);
            packet.dts(nextPtsMicros);
            packet.duration(durationMicros);
            nextPtsMicros += durationMicros;
            int ret = av_write_frame(output, packet);
            if (ret < 0) {
                throw new IOException("PulseAudio playback into " + description + " failed: " + Mp3Decoder.describe(ret));
            }
            done += n;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_write_trailer(output);
        avformat_free_context(output);
        packet.data(null);
        packet.size(0);
        av_packet_free(packet);
        av_free(data.position(0));
    }
}
