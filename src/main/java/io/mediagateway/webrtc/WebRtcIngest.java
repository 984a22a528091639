package io.mediagateway.webrtc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.mediagateway.audio.AudioPacer;
import io.mediagateway.http.ApiException;
import io.mediagateway.video.I420Frame;
import io.mediagateway.video.VirtualCamera;
import io.mediagateway.virtualinput.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebRTC ingest (bean {@code webRtcIngest}): one publisher at a time. The pipeline opens a {@link Session} with the
 * kinds configured as webrtc; each offer ({@code webrtc:} producer) replaces the peer; decoded media goes to the
 * {@code webrtc:} consumer (the route {@code virtual-webrtc-ingest}) only for the kinds of the session — a webrtc video
 * track is ignored while video is configured as socket.
 */
public class WebRtcIngest {

    /** What the {@code webrtc:} consumer does with media: hand it to its route. */
    public interface Listener {
        void video(I420Frame frame);

        void audio(byte[] pcm);
    }

    /** What the pipeline configured: the kinds, the camera size (video), the pacer (audio). */
    public record Session(Set<MediaKind> kinds, VirtualCamera.Settings video, AudioPacer audio) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcIngest.class);

    private final WebRtcEngine engine;
    private final ReentrantLock offers = new ReentrantLock(); // one negotiation at a time: the last offer wins
    private final AtomicLong peerIds = new AtomicLong();
    private final Map<MediaKind, Counters> counters = Map.of(MediaKind.VIDEO, new Counters(), MediaKind.AUDIO,
            new Counters());
    private volatile Session session;
    private volatile boolean paused;
    private volatile IngestPeer peer;
    private volatile Listener listener;
    private volatile String lastError;
    private volatile Instant connectedAt;
    private volatile boolean connected; // the current peer's connection state is CONNECTED

    public WebRtcIngest(WebRtcEngine engine) {
        this.engine = engine;
    }

    // --- the pipeline -------------------------------------------------------------------------------------------------

    public void open(Session next) {
        counters.values().forEach(Counters::reset);
        lastError = null;
        paused = false;
        session = next;
        LOG.info("[webrtc] ingest ready kinds={}", next.kinds());
    }

    public void setPaused(boolean paused) {
        this.paused = paused;
    }

    /** Closes the peer and forgets the session: offers get 409 until the next open. */
    public void close(Session closing, String reason) {
        if (session == closing) {
            session = null;
        }
        closePeer(reason);
    }

    // --- the component ------------------------------------------------------------------------------------------------

    void attach(Listener consumer) {
        listener = consumer;
    }

    void detach(Listener consumer) {
        if (listener == consumer) {
            listener = null;
        }
    }

    /** Negotiates {@code sdp} and returns the answer; 409 when nothing is configured as webrtc, 400 for a bad offer. */
    public Map<String, Object> offer(String sdp) {
        Session current = requireSession();
        SdpOffer offer = SdpOffer.check(sdp, current.kinds());
        offers.lock();
        try {
            current = requireSession();
            closePeer("replaced by a new offer");
            IngestPeer next = new IngestPeer(engine, "p" + peerIds.incrementAndGet(), offer.kinds(), new Media());
            peer = next;
            long started = System.nanoTime();
            String answer;
            try {
                answer = next.answer(offer.sdp(), engine.settings().getNegotiationTimeout(),
                        engine.settings().getGatherTimeout());
            } catch (WebRtcException e) {
                LOG.info("[webrtc] offer refused peer={} reason=\"{}\"", next.id(), e.getMessage());
                next.close("negotiation failed");
                if (session != current) {
                    throw ApiException.conflict("The virtual inputs were stopped or reconfigured while negotiating.");
                }
                throw SdpOffer.refused(e, engine.isRunning());
            }
            if (!hasAcceptedMedia(answer)) {
                next.close("no media accepted");
                throw ApiException.badRequest("The SDP offer has no media section the gateway can receive (every one was"
                        + " rejected): offer VP8, VP9, H264 or AV1 video and/or Opus audio.");
            }
            if (session != current || next.isClosed()) {
                next.close("virtual inputs changed while negotiating");
                throw ApiException.conflict("The virtual inputs were stopped or reconfigured while negotiating.");
            }
            ApiException unreachable = SdpOffer.unreachable(answer, engine.settings());
            if (unreachable != null) {
                LOG.warn("[webrtc] offer refused peer={} reason=\"no ICE candidate gathered\"", next.id());
                next.close("no ICE candidate");
                throw unreachable;
            }
            LOG.info("[webrtc] publisher offer answered peer={} kinds={} answer_ms={}", next.id(), offer.kinds(),
                    (System.nanoTime() - started) / 1_000_000);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "answer");
            body.put("sdp", answer);
            return body;
        } finally {
            offers.unlock();
        }
    }

    /** PCM from the route into the audio pacer of the session. */
    public void play(byte[] pcm) {
        Session current = session;
        if (current != null && current.audio() != null) {
            current.audio().offer(pcm);
        }
    }

    // --- status -------------------------------------------------------------------------------------------------------

    public Map<String, Object> stats(MediaKind kind) {
        Counters c = counters.get(kind);
        IngestPeer current = peer;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("publishers", current != null && !current.isClosed() ? 1 : 0);
        stats.put("connection_state", current == null ? "none" : current.state().name().toLowerCase());
        stats.put(kind == MediaKind.VIDEO ? "frames_in" : "chunks_in", c.in.get());
        if (kind == MediaKind.VIDEO) {
            stats.put("fps_in", c.fps());
        }
        stats.put("discarded_while_paused", c.discardedWhilePaused.get());
        stats.put("dropped", c.dropped.get());
        stats.put("last_input_at", c.lastInputAt == null ? null : c.lastInputAt.toString());
        stats.put("connected_at", connectedAt == null ? null : connectedAt.toString());
        if (current != null) {
            stats.putAll(current.rtcStats(kind));
        }
        stats.put("native_peers_open", engine.openPeers()); // every peer the owner holds (ingest and others)
        return stats;
    }

    public String lastError() {
        return lastError;
    }

    boolean hasPeer() {
        IngestPeer current = peer;
        return current != null && !current.isClosed();
    }

    private Session requireSession() {
        Session current = session;
        if (current == null) {
            throw ApiException.conflict("Neither video nor audio is configured as webrtc. POST "
                    + "/input/devices/virtual/configure with {\"video\":{\"type\":\"webrtc\"}} and/or "
                    + "{\"audio\":{\"type\":\"webrtc\"}} first.");
        }
        return current;
    }

    private void closePeer(String reason) {
        IngestPeer current = peer;
        if (current != null) {
            current.close(reason);
            connectedAt = null;
            connected = false;
        }
    }

    /** True when at least one m= line of the answer has a non-zero port (libwebrtc rejects a section with port 0). */
    private static boolean hasAcceptedMedia(String answer) {
        for (String line : answer.split("\\r?\\n")) {
            if ((line.startsWith("m=video ") || line.startsWith("m=audio ")) && !line.split(" ")[1].equals("0")) {
                return true;
            }
        }
        return false;
    }

    /** Media from libwebrtc's threads. Only the current peer's, only configured kinds, nothing while paused. */
    private final class Media implements IngestPeer.Media {
        @Override
        public void video(IngestPeer from, VideoFrame frame) {
            Session current = session;
            Listener to = admit(from, MediaKind.VIDEO, current != null && current.video() != null);
            if (to != null) {
                to.video(WebRtcFrames.toCamera(frame, current.video().width(), current.video().height()));
            }
        }

        @Override
        public void audio(IngestPeer from, byte[] data, int bits, int rate, int channels, int frames) {
            Session current = session;
            Listener to = admit(from, MediaKind.AUDIO, current != null && current.audio() != null);
            if (to != null) {
                to.audio(WebRtcPcm.toPcm(data, bits, rate, channels, frames));
            }
        }

        /**
         * Counts one arrival of {@code kind} from {@code from} and says where it goes: null when it is not the current
         * peer's or the kind is not configured (ignored), while paused (discarded), or with no listener (dropped).
         */
        private Listener admit(IngestPeer from, MediaKind kind, boolean configured) {
            if (from != peer || !configured) {
                return null;
            }
            if (kind == MediaKind.AUDIO && !connected) {
                // libwebrtc plays a remote audio track out (silence, concealment) whether or not packets arrive: that
                // is not input, and it must not count as such (chunks_in, last_input_at) before the peer connects
                return null;
            }
            Counters c = counters.get(kind);
            c.arrived();
            if (paused) {
                c.discardedWhilePaused.incrementAndGet();
                return null;
            }
            Listener to = listener;
            if (to == null) {
                c.dropped.incrementAndGet();
            }
            return to;
        }

        @Override
        public void stateChanged(IngestPeer from, RTCPeerConnectionState state) {
            if (from != peer) {
                return;
            }
            connected = state == RTCPeerConnectionState.CONNECTED;
            if (state == RTCPeerConnectionState.CONNECTED) {
                connectedAt = Instant.now();
                lastError = null;
            } else if (state == RTCPeerConnectionState.FAILED) {
                lastError = "WebRTC publisher connection failed (ICE/DTLS); the publisher must send a new offer";
            }
        }
    }

    /** Per-kind counters; fps over the last second of arrivals. */
    private static final class Counters {
        final AtomicLong in = new AtomicLong();
        final AtomicLong discardedWhilePaused = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        volatile Instant lastInputAt;
        private long windowStart = System.nanoTime();
        private long windowCount;
        private volatile double fps;

        synchronized void arrived() {
            in.incrementAndGet();
            long now = System.nanoTime();
            windowCount++;
            if (now - windowStart >= 1_000_000_000L) {
                fps = windowCount * 1e9 / (now - windowStart);
                windowStart = now;
                windowCount = 0;
                lastInputAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            } else if (lastInputAt == null) {
                lastInputAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            }
        }

        double fps() {
            long age = System.nanoTime() - windowStart;
            return age > 2_000_000_000L ? 0 : Math.round(fps * 10) / 10.0;
        }

        void reset() {
            in.set(0);
            discardedWhilePaused.set(0);
            dropped.set(0);
            lastInputAt = null;
            fps = 0;
        }
    }
}
