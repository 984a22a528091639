package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnectionState;

/** How far a test peer got (the tests' publisher and viewer): ICE gathering done, connected (when), its state. */
final class PeerProgress implements PeerConnectionObserver {

    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private volatile long connectedAt;

    CompletableFuture<Void> gathered() {
        return gathered;
    }

    CompletableFuture<Void> connected() {
        return connected;
    }

    /** True once the peer connected, false if it did not within {@code limit}. */
    boolean awaitConnected(Duration limit) throws Exception {
        try {
            connected.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    RTCPeerConnectionState state() {
        return state;
    }

    /** {@link System#nanoTime()} when the peer connected; 0 until then. */
    long connectedAt() {
        return connectedAt;
    }

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
        // no trickle: the offer is sent once gathering is complete
    }

    @Override
    public void onIceGatheringChange(RTCIceGatheringState gathering) {
        if (gathering == RTCIceGatheringState.COMPLETE) {
            gathered.complete(null);
        }
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState next) {
        state = next;
        if (next == RTCPeerConnectionState.CONNECTED) {
            connectedAt = System.nanoTime();
            connected.complete(null);
        }
    }
}
