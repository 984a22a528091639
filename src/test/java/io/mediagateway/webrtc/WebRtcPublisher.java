package io.mediagateway.webrtc;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;

/**
 * A real WebRTC publisher in the test JVM (webrtc-java, its own factory and headless audio module): a solid-colour
 * I420 video track and/or a sine tone, with the video codec chosen by the transceiver's codec preferences. It offers
 * with every candidate gathered, like the README's browser snippet, and pushes media from one pacing thread. Closes in
 * the documented order (senders removed, connection closed, tracks then sources disposed).
 */
public final class WebRtcPublisher implements AutoCloseable {

    /** One factory for every publisher of the test JVM; disposed by {@link #disposeShared()}. */
    private static HeadlessAudioDeviceModule sharedModule;
    private static PeerConnectionFactory sharedFactory;
    private static final Duration STEP = Duration.ofSeconds(10);

    private final RTCPeerConnection pc;
    private final PeerProgress progress = new PeerProgress();
    private final int width;
    private final int height;
    private final int fps;
    private final CustomVideoSource videoSource;
    private final VideoTrack videoTrack;
    private final RTCRtpSender videoSender;
    private final CustomAudioSource audioSource;
    private final AudioTrack audioTrack;
    private final RTCRtpSender audioSender;
    private volatile int[] yuv;
    private volatile long colourSince;
    private volatile double toneHz = 440;
    private volatile boolean pushing;
    private volatile boolean audioAllowed;
    private Thread pusher;

    /** {@code codec}: VP8, VP9, H264 or null (no video); {@code audio}: add an Opus tone track. */
    public WebRtcPublisher(String codec, boolean audio, int width, int height, int fps, int[] yuv) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.yuv = yuv;
        PeerConnectionFactory factory = factory();
        pc = factory.createPeerConnection(new RTCConfiguration(), progress);
        if (codec != null) {
            videoSource = new CustomVideoSource();
            videoTrack = factory.createVideoTrack("video", videoSource);
            RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
            init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
            init.streamIds = List.of("publisher");
            RTCRtpTransceiver transceiver = pc.addTransceiver(videoTrack, init);
            List<RTCRtpCodecCapability> preferred = factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs().stream()
                    .filter(c -> c.getName().equalsIgnoreCase(codec)).toList();
            if (preferred.isEmpty()) {
                throw new IllegalArgumentException("webrtc-java cannot send " + codec);
            }
            transceiver.setCodecPreferences(preferred);
            videoSender = transceiver.getSender();
        } else {
            videoSource = null;
            videoTrack = null;
            videoSender = null;
        }
        if (audio) {
            audioSource = new CustomAudioSource();
            audioTrack = factory.createAudioTrack("audio", audioSource);
            RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
            init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
            init.streamIds = List.of("publisher");
            audioSender = pc.addTransceiver(audioTrack, init).getSender();
        } else {
            audioSource = null;
            audioTrack = null;
            audioSender = null;
        }
    }

    public static synchronized PeerConnectionFactory factory() {
        if (sharedFactory == null) {
            sharedModule = new HeadlessAudioDeviceModule();
            sharedFactory = new PeerConnectionFactory(sharedModule);
        }
        return sharedFactory;
    }

    private static synchronized void quietSharedModule() {
        if (sharedModule != null) {
            sharedModule.stopRecording();
        }
    }

    public static synchronized void disposeShared() {
        if (sharedFactory != null) {
            sharedFactory.dispose();
            sharedModule.dispose();
            sharedFactory = null;
            sharedModule = null;
        }
    }

    /** The offer SDP with every ICE candidate in it. */
    public String offer() {
        return offerWithCandidates(pc, progress.gathered());
    }

    /** Creates and sets {@code pc}'s offer, waits for ICE gathering ({@code gathered}), returns the complete SDP. */
    static String offerWithCandidates(RTCPeerConnection pc, CompletableFuture<Void> gathered) {
        RTCSessionDescription local = Negotiation.create("create the offer", STEP,
                made -> pc.createOffer(new RTCOfferOptions(), made));
        Negotiation.set("set the local offer", STEP, done -> pc.setLocalDescription(local, done));
        if (pc.getIceGatheringState() != RTCIceGatheringState.COMPLETE) {
            Negotiation.await("gather ICE candidates", gathered, STEP);
        }
        return pc.getLocalDescription().sdp;
    }

    /** Applies the gateway's answer and starts pushing media. */
    public void answer(String sdp) {
        applyAnswer(pc, sdp);
        startPushing();
    }

    /** Sets the gateway's answer as {@code pc}'s remote description. */
    static void applyAnswer(RTCPeerConnection pc, String sdp) {
        Negotiation.set("set the remote answer", STEP,
                done -> pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp), done));
    }

    /** Offers through {@code post} (offer JSON in, response body out) and applies the answer. */
    public void publish(Function<String, String> post) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String response = post.apply(json.writeValueAsString(java.util.Map.of("sdp", offer())));
        answer(json.readTree(response).path("sdp").asText());
    }

    public boolean awaitConnected(Duration limit) throws Exception {
        return progress.awaitConnected(limit);
    }

    public RTCPeerConnectionState state() {
        return progress.state();
    }

    public void colour(int[] next) {
        yuv = next;
        colourSince = System.nanoTime();
    }

    /** When the current colour was first pushed (System.nanoTime), for latency measurements. */
    public long colourSince() {
        return colourSince;
    }

    public void toneHz(double hz) {
        toneHz = hz;
    }

    private void startPushing() {
        pushing = true;
        pusher = new Thread(this::push, "webrtc-test-publisher");
        pusher.setDaemon(true);
        pusher.start();
    }

    private void push() {
        long frameInterval = TimeUnit.SECONDS.toNanos(1) / fps;
        long audioInterval = TimeUnit.MILLISECONDS.toNanos(10);
        long nextFrame = System.nanoTime();
        long nextAudio = nextFrame;
        byte[] pcm = new byte[480 * 4];
        double phase = 0;
        while (pushing) {
            long now = System.nanoTime();
            if (videoSource != null && now >= nextFrame) {
                pushFrame(now);
                nextFrame += frameInterval;
            }
            if (audioSource != null && now >= nextAudio) {
                long connectedAt = progress.connectedAt();
                if (!audioAllowed && connectedAt != 0 && now - connectedAt > TimeUnit.MILLISECONDS.toNanos(300)) {
                    // The module starts "recording" when the send transport becomes writable, on libwebrtc's worker
                    // thread, which can come after the CONNECTED callback: stop it a little later, from this thread,
                    // right before the first push (STACK.md: a recording headless module racing pushAudio aborts).
                    quietSharedModule();
                    audioAllowed = true;
                }
                if (audioAllowed) {
                    double step = 2 * Math.PI * toneHz / 48_000;
                    for (int i = 0; i < 480; i++) {
                        short s = (short) (Math.sin(phase) * 8000);
                        phase += step;
                        pcm[i * 4] = (byte) s;
                        pcm[i * 4 + 1] = (byte) (s >> 8);
                        pcm[i * 4 + 2] = (byte) s;
                        pcm[i * 4 + 3] = (byte) (s >> 8);
                    }
                    phase %= 2 * Math.PI;
                    audioSource.pushAudio(pcm, 16, 48_000, 2, 480);
                }
                nextAudio += audioInterval;
            }
            long wake = Math.min(videoSource != null ? nextFrame : Long.MAX_VALUE,
                    audioSource != null ? nextAudio : Long.MAX_VALUE);
            long sleep = wake - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(sleep);
            }
        }
    }

    private void pushFrame(long now) {
        int[] c = yuv;
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
        try {
            fill(buffer.getDataY(), buffer.getStrideY(), width, height, c[0]);
            fill(buffer.getDataU(), buffer.getStrideU(), width / 2, height / 2, c[1]);
            fill(buffer.getDataV(), buffer.getStrideV(), width / 2, height / 2, c[2]);
            VideoFrame frame = new VideoFrame(buffer, now);
            videoSource.pushFrame(frame);
        } finally {
            buffer.release();
        }
    }

    private static void fill(ByteBuffer plane, int stride, int w, int h, int value) {
        byte[] row = new byte[w];
        java.util.Arrays.fill(row, (byte) value);
        ByteBuffer out = plane.duplicate();
        for (int y = 0; y < h; y++) {
            out.position(y * stride);
            out.put(row);
        }
    }

    @Override
    public void close() throws InterruptedException {
        pushing = false;
        if (pusher != null) {
            pusher.join(2000);
        }
        if (videoSender != null) {
            pc.removeTrack(videoSender);
        }
        if (audioSender != null) {
            pc.removeTrack(audioSender);
        }
        pc.close();
        if (videoTrack != null) {
            videoTrack.dispose();
            videoSource.dispose();
        }
        if (audioTrack != null) {
            audioTrack.dispose();
            audioSource.dispose();
        }
    }

    @Override
    public String toString() {
        return "publisher " + width + "x" + height + "@" + fps + " state=" + progress.state().name().toLowerCase(Locale.ROOT);
    }
}
