package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.ToneAnalysis;
import io.mediagateway.support.Waits;

/**
 * A real WebRTC viewer in the test JVM (webrtc-java, the factory shared with {@link WebRtcPublisher}): offers recvonly
 * video and audio with every candidate, like the README's browser snippet, and keeps what it received: pictures (count,
 * size, the centre's colour as RGB) and the last second of sound (left channel). Closes in the documented order.
 */
public final class WebRtcViewer implements AutoCloseable {

    private static final int RATE = 48_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RTCPeerConnection pc;
    private final PeerProgress progress = new PeerProgress();
    private final List<MediaStreamTrack> offerTracks = new ArrayList<>();
    private final CustomVideoSource offerVideo;
    private final CustomAudioSource offerAudio;
    private final List<Runnable> detach = new ArrayList<>();
    private final AtomicLong pictures = new AtomicLong();
    private final short[] sound = new short[RATE];
    private volatile long soundSamples;
    private volatile int[] centreRgb;
    private volatile int width;
    private volatile int height;
    private volatile Consumer<int[]> onPicture = rgb -> { };

    public WebRtcViewer() {
        PeerConnectionFactory factory = WebRtcPublisher.factory(); // loads the native library: sources come after
        offerVideo = new CustomVideoSource();
        offerAudio = new CustomAudioSource();
        pc = factory.createPeerConnection(new RTCConfiguration(), progress);
        // webrtc-java makes transceivers from tracks only: placeholders that never send (recvonly)
        receive(factory.createVideoTrack("offer-video", offerVideo));
        receive(factory.createAudioTrack("offer-audio", offerAudio));
    }

    private void receive(MediaStreamTrack track) {
        offerTracks.add(track);
        RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
        init.direction = RTCRtpTransceiverDirection.RECV_ONLY;
        pc.addTransceiver(track, init);
    }

    /** The offer SDP with every candidate. */
    public String offer() throws Exception {
        return WebRtcPublisher.offerWithCandidates(pc, progress.gathered());
    }

    /** Offers to the gateway for stream {@code id} and applies the answer; returns the HTTP response. */
    public ApiClient.Response watch(ApiClient api, String id) throws Exception {
        return watchWhenFree(api, id, Duration.ZERO);
    }

    /**
     * Like {@link #watch}, but offers again while the answer is 503 because another viewer is joining (viewers join one
     * at a time), as a browser client would, for at most {@code limit}; returns the last response.
     */
    public ApiClient.Response watchWhenFree(ApiClient api, String id, Duration limit) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("id", id, "sdp", offer()));
        ApiClient.Response[] response = new ApiClient.Response[1];
        Waits.until(limit, () -> {
            response[0] = api.post("/stream/webrtc/offer", body);
            return response[0].status() != 503 || !response[0].message().contains("joining");
        });
        if (response[0].status() == 200) {
            answer(response[0].json().path("sdp").asText());
        }
        return response[0];
    }

    /** Applies the gateway's answer and starts keeping what arrives. */
    public void answer(String sdp) throws Exception {
        WebRtcPublisher.applyAnswer(pc, sdp);
        for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            if (track instanceof VideoTrack video) {
                VideoTrackSink sink = this::picture;
                video.addSink(sink);
                detach.add(() -> video.removeSink(sink));
            } else if (track instanceof AudioTrack audio) {
                AudioTrackSink sink = this::sound;
                audio.addSink(sink);
                detach.add(() -> audio.removeSink(sink));
            }
        }
    }

    private void picture(VideoFrame frame) {
        try {
            I420Buffer i420 = frame.buffer.toI420(); // a decoded picture is I420 already: the same buffer
            int w = i420.getWidth();
            int h = i420.getHeight();
            int y = i420.getDataY().get((h / 2) * i420.getStrideY() + w / 2) & 0xff;
            int u = i420.getDataU().get((h / 4) * i420.getStrideU() + w / 4) & 0xff;
            int v = i420.getDataV().get((h / 4) * i420.getStrideV() + w / 4) & 0xff;
            centreRgb = rgb(y, u, v);
            width = w;
            height = h;
            pictures.incrementAndGet();
            onPicture.accept(centreRgb);
        } finally {
            frame.release();
        }
    }

    private synchronized void sound(byte[] data, int bits, int rate, int channels, int frames) {
        if (bits != 16 || rate != RATE || channels < 1) {
            return;
        }
        int n = Math.min(frames, RATE);
        System.arraycopy(sound, n, sound, 0, RATE - n);
        for (int i = 0; i < n; i++) {
            int at = i * channels * 2;
            sound[RATE - n + i] = (short) ((data[at] & 0xff) | (data[at + 1] << 8));
        }
        soundSamples += frames;
    }

    /** BT.601 limited range, as libwebrtc's decoders output. */
    private static int[] rgb(int y, int u, int v) {
        double c = 1.164 * (y - 16);
        return new int[] {clamp(c + 1.596 * (v - 128)), clamp(c - 0.813 * (v - 128) - 0.391 * (u - 128)),
                clamp(c + 2.018 * (u - 128))};
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    public boolean awaitConnected(Duration limit) throws Exception {
        return progress.awaitConnected(limit);
    }

    /** Is the centre of the last picture within {@code tolerance} of {@code rgb} (0xRRGGBB) per channel? */
    public boolean shows(int rgb, int tolerance) {
        int[] c = centreRgb;
        return c != null && Math.abs(c[0] - ((rgb >> 16) & 0xff)) <= tolerance
                && Math.abs(c[1] - ((rgb >> 8) & 0xff)) <= tolerance && Math.abs(c[2] - (rgb & 0xff)) <= tolerance;
    }

    /** True once a second of loud sound whose pitch is {@code frequency} ± 10 Hz arrived. */
    public synchronized boolean hears(int frequency) {
        return soundSamples > RATE && ToneAnalysis.rms(sound) > 300
                && Math.abs(ToneAnalysis.dominantFrequency(sound, RATE) - frequency) <= 10;
    }

    public long pictures() {
        return pictures.get();
    }

    /** Size of the last picture ("WIDTHxHEIGHT"): libwebrtc scales a stream down when the sender's CPU is short. */
    public String size() {
        return width + "x" + height;
    }

    /** Hands each picture's centre colour (RGB) to {@code listener} as it is decoded, on libwebrtc's decoding thread. */
    public void onPicture(Consumer<int[]> listener) {
        onPicture = listener;
    }

    public RTCPeerConnectionState state() {
        return progress.state();
    }

    @Override
    public void close() {
        detach.forEach(Runnable::run);
        for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
            pc.removeTrack(transceiver.getSender()); // the placeholders: disposing a track still sent aborts
        }
        pc.close();
        offerTracks.forEach(MediaStreamTrack::dispose);
        offerVideo.dispose();
        offerAudio.dispose();
    }

    @Override
    public String toString() {
        int[] c = centreRgb;
        return "viewer state=" + progress.state().name().toLowerCase(Locale.ROOT) + " pictures=" + pictures + " size="
                + size() + " centre=" + (c == null ? "none" : String.format("#%02x%02x%02x", c[0], c[1], c[2]))
                + " sound_samples=" + soundSamples;
    }
}
