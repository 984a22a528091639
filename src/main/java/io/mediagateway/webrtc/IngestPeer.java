package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.mediagateway.virtualinput.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher's peer connection, receive-only: negotiates an answer to its offer (with every ICE candidate in it),
 * attaches sinks to the tracks of the kinds it was opened for, reads connection stats periodically, and closes in the
 * documented order (sinks removed, then the connection closed). Native calls go through the {@link WebRtcEngine}.
 */
final class IngestPeer implements WebRtcEngine.OwnedPeer {

    /** Where the media goes; called on libwebrtc's decoder and audio threads while the data is valid. */
    interface Media {
        void video(IngestPeer peer, VideoFrame frame);

        void audio(IngestPeer peer, byte[] data, int bitsPerSample, int sampleRate, int channels, int frames);

        void stateChanged(IngestPeer peer, RTCPeerConnectionState state);
    }

    private static final Logger LOG = LoggerFactory.getLogger(IngestPeer.class);

    private final WebRtcEngine engine;
    private final String id;
    private final Set<MediaKind> kinds;
    private final Media media;
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final List<Runnable> detachSinks = new ArrayList<>(); // owner thread
    private final Map<MediaKind, Map<String, Object>> rtcStats = new java.util.concurrent.ConcurrentHashMap<>();
    private RTCPeerConnection pc; // owner thread
    private ScheduledFuture<?> statsPoll;
    private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private volatile boolean closed;
    private volatile Double rttMs;

    IngestPeer(WebRtcEngine engine, String id, Set<MediaKind> kinds, Media media) {
        this.engine = engine;
        this.id = id;
        this.kinds = Set.copyOf(kinds);
        this.media = media;
    }

    String id() {
        return id;
    }

    boolean isClosed() {
        return closed;
    }

    RTCPeerConnectionState state() {
        return state;
    }

    /**
     * Answers {@code offerSdp}: remote description, answer, local description on the owner thread, then waits here (not
     * on the owner) for ICE gathering. Throws {@link WebRtcException} with libwebrtc's reason when it refuses the offer.
     */
    String answer(String offerSdp, Duration stepTimeout, Duration gatherTimeout) {
        engine.run("negotiate peer " + id, () -> {
            pc = engine.createPeerConnection(new Observer(), this);
            Negotiation.set("set the remote offer", stepTimeout, done -> pc.setRemoteDescription(
                    new RTCSessionDescription(RTCSdpType.OFFER, offerSdp), done));
            attachSinks();
            RTCSessionDescription local = Negotiation.create("create the answer", stepTimeout,
                    made -> pc.createAnswer(new RTCAnswerOptions(), made));
            Negotiation.set("set the local answer", stepTimeout, done -> pc.setLocalDescription(local, done));
            engine.quietRecording(); // after every negotiation (STACK.md)
            if (pc.getIceGatheringState() == RTCIceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
            statsPoll = engine.every(engine.settings().getStatsInterval(), "stats of peer " + id, this::pollStats);
        });
        try {
            gathered.get(gatherTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("[webrtc] ice gathering incomplete peer={} waited_ms={}: answering with the candidates so far", id,
                    gatherTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebRtcException("interrupted while gathering ICE candidates");
        } catch (ExecutionException e) {
            throw new WebRtcException("ICE gathering failed: " + e.getCause().getMessage());
        }
        return engine.call("read the answer of peer " + id, () -> {
            if (closed) {
                throw new WebRtcException("the peer was closed while negotiating");
            }
            return pc.getLocalDescription().sdp;
        });
    }

    /** Stats from the last getStats: per kind jitter, packets lost, codec, decoder counters; RTT of the ICE pair. */
    Map<String, Object> rtcStats(MediaKind kind) {
        Map<String, Object> stats = new LinkedHashMap<>(rtcStats.getOrDefault(kind, Map.of()));
        if (rttMs != null) {
            stats.put("rtt_ms", rttMs);
        }
        return stats;
    }

    /** Closes this peer (idempotent); waits for the owner thread. */
    void close(String reason) {
        if (closed) {
            return;
        }
        try {
            engine.run("close peer " + id, () -> closeOnOwner(reason));
        } catch (WebRtcException e) {
            closed = true; // the engine is shut down: it closed every peer already
        }
    }

    @Override
    public void closeOnOwner(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (statsPoll != null) {
            statsPoll.cancel(false);
        }
        detachSinks.forEach(Runnable::run); // sinks first: no callback may reach a closed pipeline
        detachSinks.clear();
        if (pc != null) {
            engine.closePeerConnection(pc, this);
        }
        gathered.complete(null);
        state = RTCPeerConnectionState.CLOSED;
        LOG.info("[webrtc] peer closed peer={} reason=\"{}\"", id, reason);
    }

    private void attachSinks() {
        for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            if (track instanceof VideoTrack video && kinds.contains(MediaKind.VIDEO)) {
                VideoTrackSink sink = frame -> {
                    try {
                        media.video(this, frame);
                    } finally {
                        frame.release(); // the sink gets its own reference to a copy of the picture (webrtc-java JNI)
                    }
                };
                video.addSink(sink);
                detachSinks.add(() -> video.removeSink(sink));
            } else if (track instanceof AudioTrack audio && kinds.contains(MediaKind.AUDIO)) {
                AudioTrackSink sink = (data, bits, rate, channels, frames) -> media.audio(this, data, bits, rate,
                        channels, frames);
                audio.addSink(sink);
                detachSinks.add(() -> audio.removeSink(sink));
            }
        }
    }

    private void pollStats() {
        if (closed || pc == null) {
            return;
        }
        pc.getStats(this::readStats);
    }

    /** On libwebrtc's signaling thread: plain Java only. */
    private void readStats(RTCStatsReport report) {
        Map<String, RTCStats> all = report.getStats();
        for (RTCStats s : all.values()) {
            Map<String, Object> a = s.getAttributes();
            if (s.getType() == RTCStatsType.INBOUND_RTP) {
                MediaKind kind = "video".equals(String.valueOf(a.get("kind"))) ? MediaKind.VIDEO : MediaKind.AUDIO;
                Map<String, Object> k = new LinkedHashMap<>();
                RTCStats codec = all.get(String.valueOf(a.get("codecId")));
                if (codec != null) {
                    k.put("codec", codec.getAttributes().get("mimeType"));
                }
                if (a.get("jitter") instanceof Number jitter) {
                    k.put("jitter_ms", Math.round(jitter.doubleValue() * 10_000) / 10.0);
                }
                copy(a, k, "packetsReceived", "packets_received");
                copy(a, k, "packetsLost", "packets_lost");
                copy(a, k, "framesDecoded", "frames_decoded");
                copy(a, k, "framesDropped", "decoder_frames_dropped");
                copy(a, k, "frameWidth", "frame_width");
                copy(a, k, "frameHeight", "frame_height");
                rtcStats.put(kind, k);
            } else if (s.getType() == RTCStatsType.CANDIDATE_PAIR && Boolean.TRUE.equals(a.get("nominated"))
                    && a.get("currentRoundTripTime") instanceof Number rtt) {
                rttMs = Math.round(rtt.doubleValue() * 10_000) / 10.0;
            }
        }
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String key, String as) {
        Object value = from.get(key);
        if (value != null) {
            to.put(as, value);
        }
    }

    /** libwebrtc's callbacks, on its signaling thread: record, post to the owner, never wait for it. */
    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            // no trickle: the answer is sent once gathering is complete
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState gathering) {
            if (gathering == RTCIceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState next) {
            if (closed) {
                return;
            }
            state = next;
            LOG.info("[webrtc] peer state peer={} state={}", id, next.name().toLowerCase());
            if (next == RTCPeerConnectionState.CONNECTED) {
                // the module starts recording when a send transport turns writable, on libwebrtc's worker thread,
                // possibly after this callback: stop it now and once more a little later (STACK.md)
                engine.execute("quiet recording", engine::quietRecording);
                engine.after(Duration.ofMillis(300), "quiet recording", engine::quietRecording);
            }
            media.stateChanged(IngestPeer.this, next);
            if (next == RTCPeerConnectionState.FAILED) { // it will not come back: free it now, not at the next offer
                engine.execute("close failed peer " + id, () -> closeOnOwner("connection failed"));
            }
        }
    }
}
