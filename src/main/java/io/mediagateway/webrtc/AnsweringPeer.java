package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer connection that answers a remote offer (the ingest publisher, a livestream viewer): negotiates the answer with
 * every ICE candidate in it, keeps the connection state, closes itself when the connection fails, and closes in the
 * documented order (the subclass detaches its media, then the connection is closed, then the subclass disposes what it
 * made). Native calls go through the {@link WebRtcEngine}; subclass hooks run on its owner thread.
 */
abstract class AnsweringPeer implements WebRtcEngine.OwnedPeer {

    private static final Logger LOG = LoggerFactory.getLogger(AnsweringPeer.class);

    protected final WebRtcEngine engine;
    private final String id;
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    protected RTCPeerConnection pc; // owner thread
    private ScheduledFuture<?> statsPoll;
    private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private volatile boolean closed;

    AnsweringPeer(WebRtcEngine engine, String id) {
        this.engine = engine;
        this.id = id;
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

    /** Owner thread, after the remote offer is set and before the answer is created: attach sinks or tracks. */
    protected abstract void offerApplied();

    /** Owner thread, before the connection closes: detach sinks, remove senders. */
    protected abstract void detachMedia();

    /** Owner thread, after the connection closed: dispose what the subclass created. */
    protected void closed(String reason) {
    }

    /** libwebrtc's signaling thread: plain Java only, never wait for the owner thread. */
    protected void stateChanged(RTCPeerConnectionState next) {
    }

    /** Stats to poll every gateway.webrtc.stats-interval (null: none); called on libwebrtc's signaling thread. */
    protected Consumer<RTCStatsReport> statsReader() {
        return null;
    }

    /**
     * Answers {@code offerSdp}: remote description, answer, local description on the owner thread, then waits here (not
     * on the owner) for ICE gathering. Throws {@link WebRtcException} with libwebrtc's reason when it refuses the offer.
     */
    String answer(String offerSdp, Duration stepTimeout, Duration gatherTimeout) {
        engine.run("negotiate peer " + id, () -> {
            if (closed) { // closed while waiting (its stream stopped): no connection may outlive the close
                throw new WebRtcException("the peer was closed before negotiating");
            }
            pc = engine.createPeerConnection(new Observer(), this);
            Negotiation.set("set the remote offer", stepTimeout, done -> pc.setRemoteDescription(
                    new RTCSessionDescription(RTCSdpType.OFFER, offerSdp), done));
            offerApplied();
            RTCSessionDescription local = Negotiation.create("create the answer", stepTimeout,
                    made -> pc.createAnswer(new RTCAnswerOptions(), made));
            Negotiation.set("set the local answer", stepTimeout, done -> pc.setLocalDescription(local, done));
            engine.quietRecordingUnlessJoining(); // after every negotiation (STACK.md)
            if (pc.getIceGatheringState() == RTCIceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
            Consumer<RTCStatsReport> reader = statsReader();
            if (reader != null) {
                statsPoll = engine.every(engine.settings().getStatsInterval(), "stats of peer " + id, () -> {
                    if (!closed && pc != null) {
                        pc.getStats(reader::accept);
                    }
                });
            }
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

    /** Closes this peer (idempotent); waits for the owner thread. */
    void close(String reason) {
        if (closed) {
            return;
        }
        try {
            engine.run("close peer " + id, () -> closeOnOwner(reason));
        } catch (WebRtcException e) {
            // shut down: the engine closed every peer already. Otherwise the wait timed out on a busy owner thread and
            // the close is still queued there: it must find the peer open, or the native peer would never be closed
            if (engine.isShutDown()) {
                closed = true;
            }
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
        detachMedia(); // first: no callback may reach a closed pipeline, no sender outlives its track
        if (pc != null) {
            engine.closePeerConnection(pc, this);
        }
        closed(reason);
        gathered.complete(null);
        state = RTCPeerConnectionState.CLOSED;
        LOG.info("[webrtc] peer closed peer={} reason=\"{}\"", id, reason);
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
            stateChanged(next);
            if (next == RTCPeerConnectionState.FAILED) { // it will not come back: free it now, not at the next offer
                engine.execute("close failed peer " + id, () -> closeOnOwner("connection failed"));
            }
        }
    }
}
