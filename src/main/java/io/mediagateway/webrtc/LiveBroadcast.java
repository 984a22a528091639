package io.mediagateway.webrtc;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.mediagateway.audio.Pcm;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.ApiException;
import io.mediagateway.video.I420Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One livestream's WebRTC side: one custom video source and one custom audio source, fed by the stream's route, shared
 * by every viewer (each viewer's peer encodes them: VP8 and Opus). Offers past {@code maxViewers} get 503; a viewer
 * whose connection closes or fails is removed and counted. Closing closes every viewer, then disposes the sources (the
 * documented order: senders, connections, tracks, sources). Pushes and disposal never overlap (a read/write lock).
 */
final class LiveBroadcast implements WebRtcEngine.OwnedPeer {

    private static final Logger LOG = LoggerFactory.getLogger(LiveBroadcast.class);
    /** libwebrtc's audio path takes 10 ms blocks. */
    private static final int BLOCK_BYTES = Pcm.BYTES_PER_MS * 10;
    /** The stream is live while pictures or sound arrived within this long. */
    private static final long LIVE_NANOS = 2_000_000_000L;

    private final WebRtcEngine engine;
    private final String streamId;
    private final int maxViewers;
    private final Duration connectTimeout;
    private final Set<ViewerPeer> viewers = ConcurrentHashMap.newKeySet();
    private final ReentrantReadWriteLock sources = new ReentrantReadWriteLock();
    private final AtomicLong peerIds = new AtomicLong();
    private final AtomicLong joined = new AtomicLong();
    private final AtomicLong left = new AtomicLong();
    private final AtomicLong framesPushed = new AtomicLong();
    private final AtomicLong audioHeldBack = new AtomicLong();
    private final byte[] block = new byte[BLOCK_BYTES]; // the route's thread only
    private int blockFill;
    private CustomVideoSource videoSource; // created and disposed on the owner thread
    private CustomAudioSource audioSource;
    private volatile boolean closed;
    private volatile long lastMediaNanos;

    LiveBroadcast(WebRtcEngine engine, String streamId, int maxViewers, Duration connectTimeout) {
        this.engine = engine;
        this.streamId = streamId;
        this.maxViewers = maxViewers;
        this.connectTimeout = connectTimeout;
        engine.run("open broadcast " + streamId, () -> {
            engine.factory();
            videoSource = new CustomVideoSource();
            audioSource = new CustomAudioSource();
            engine.registerSources(this);
        });
    }

    String streamId() {
        return streamId;
    }

    CustomVideoSource videoSource() {
        return videoSource;
    }

    CustomAudioSource audioSource() {
        return audioSource;
    }

    /** A picture for every viewer (the route's thread). Skipped while nobody watches. */
    void video(I420Frame picture) {
        lastMediaNanos = System.nanoTime();
        if (viewers.isEmpty() || !sources.readLock().tryLock()) {
            return;
        }
        try {
            if (closed) {
                return;
            }
            NativeI420Buffer buffer = NativeI420Buffer.allocate(picture.width(), picture.height());
            VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
            try {
                copy(picture, buffer);
                videoSource.pushFrame(frame);
                framesPushed.incrementAndGet();
            } finally {
                frame.release(); // the source holds its own reference while viewers encode it
            }
        } finally {
            sources.readLock().unlock();
        }
    }

    /** 48 kHz stereo s16le PCM for every viewer, in 10 ms blocks (the route's thread). */
    void audio(byte[] pcm) {
        lastMediaNanos = System.nanoTime();
        int at = 0;
        while (at < pcm.length) {
            int n = Math.min(BLOCK_BYTES - blockFill, pcm.length - at);
            System.arraycopy(pcm, at, block, blockFill, n);
            blockFill += n;
            at += n;
            if (blockFill == BLOCK_BYTES) {
                blockFill = 0;
                pushBlock();
            }
        }
    }

    private void pushBlock() {
        if (viewers.isEmpty() || !sources.readLock().tryLock()) {
            return;
        }
        try {
            if (!closed && !engine.audioGate().push(() -> audioSource.pushAudio(block, 16, Pcm.SAMPLE_RATE,
                    Pcm.CHANNELS, BLOCK_BYTES / Pcm.BYTES_PER_FRAME))) {
                audioHeldBack.incrementAndGet();
            }
        } finally {
            sources.readLock().unlock();
        }
    }

    /**
     * Answers a viewer's offer: 503 past the cap, when the join turn does not come soon or WebRTC cannot serve; 400 when
     * libwebrtc refuses the offer or it has nothing to receive; 409 when the stream stops meanwhile. Whatever fails once
     * the turn is held closes the peer (and its connection) and frees the turn.
     */
    Map<String, Object> offer(SdpOffer offer) {
        ViewerPeer peer = new ViewerPeer(engine, streamId + "-v" + peerIds.incrementAndGet(), this, new Events());
        synchronized (this) {
            if (closed) {
                throw ApiException.conflict("Stream '" + streamId + "' stopped while the offer arrived.");
            }
            if (viewers.size() >= maxViewers) {
                throw ApiException.unavailable("Stream '" + streamId + "' has " + viewers.size() + " WebRTC viewers, the "
                        + "most gateway.livestream.max-webrtc-viewers allows (each viewer costs its own VP8 and Opus "
                        + "encoder). Try again when a viewer left, or raise the limit.");
            }
            viewers.add(peer);
        }
        waitForTurn(peer);
        try {
            return answer(peer, offer);
        } catch (RuntimeException e) {
            abandon(peer);
            throw e instanceof ApiException api ? api : refused(peer, e);
        }
    }

    /** The engine-wide join turn (viewers join one at a time, see SendAudioGate), briefly: 503 when it does not come. */
    private void waitForTurn(ViewerPeer peer) {
        GatewayProperties.Webrtc settings = engine.settings();
        SendAudioGate.Turn turn = engine.audioGate().hold(peer, settings.getJoinWait(), settings.getMaxWaitingJoins());
        if (turn != SendAudioGate.Turn.HELD) {
            viewers.remove(peer);
            throw ApiException.unavailable("Another WebRTC viewer is joining (viewers of every stream join one at a "
                    + "time" + (turn == SendAudioGate.Turn.TOO_MANY_WAITING
                            ? " and " + settings.getMaxWaitingJoins() + " offers are waiting already"
                            : "; waited " + settings.getJoinWait().toMillis() + " ms") + "); retry in a moment.");
        }
    }

    private Map<String, Object> answer(ViewerPeer peer, SdpOffer offer) {
        String answer = peer.answer(offer.sdp(), engine.settings().getNegotiationTimeout(),
                engine.settings().getGatherTimeout());
        if (!SdpOffer.sendsMedia(answer)) {
            throw ApiException.badRequest("The SDP offer receives no media the gateway can send: offer a recvonly (or "
                    + "sendrecv) video section with VP8 and/or audio section with Opus, e.g. "
                    + "pc.addTransceiver('video', {direction: 'recvonly'}).");
        }
        if (peer.isClosed()) {
            throw ApiException.conflict("Stream '" + streamId + "' stopped while negotiating.");
        }
        ApiException unreachable = SdpOffer.unreachable(answer, engine.settings());
        if (unreachable != null) {
            LOG.warn("[webrtc] viewer offer refused stream={} peer={} reason=\"no ICE candidate gathered\"", streamId,
                    peer.id());
            throw unreachable;
        }
        peer.closeUnlessConnectedWithin(connectTimeout);
        LOG.info("[webrtc] viewer offer answered stream={} peer={} video={} audio={} viewers={}", streamId, peer.id(),
                peer.sendsVideo(), peer.sendsAudio(), viewers.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "answer");
        body.put("sdp", answer);
        return body;
    }

    /**
     * A viewer whose offer failed after it got the turn: closes it (its connection too, if one was made) and ends its
     * turn, also when it had been closed already (its stream stopped while it waited for the turn).
     */
    private void abandon(ViewerPeer peer) {
        viewers.remove(peer);
        try {
            engine.run("abandon peer " + peer.id(), () -> {
                peer.closeOnOwner("offer failed");
                engine.audioGate().release(peer, engine::quietRecording);
            });
        } catch (RuntimeException e) {
            if (!engine.isRunning()) { // shut down: nothing records any more, free the turn anyway
                engine.audioGate().release(peer, () -> { });
            } else { // the owner thread is overrun: the task still runs there later, and frees the turn then
                LOG.warn("[webrtc] closing a failed viewer is late peer={} error=\"{}\"", peer.id(), e.getMessage());
            }
        }
    }

    private ApiException refused(ViewerPeer peer, RuntimeException e) {
        LOG.info("[webrtc] viewer offer refused stream={} peer={} reason=\"{}\"", streamId, peer.id(), e.getMessage());
        if (closed) {
            return ApiException.conflict("Stream '" + streamId + "' stopped while negotiating.");
        }
        if (!(e instanceof WebRtcException w) || w.unavailable() || !engine.isRunning()) {
            LOG.warn("[webrtc] viewer offer failed stream={} peer={}", streamId, peer.id(), e);
        }
        return SdpOffer.refused(e, engine.isRunning());
    }

    /** True once the stream stopped (its sources are disposed, or being disposed on the owner thread). */
    boolean isClosed() {
        return closed;
    }

    int viewers() {
        return viewers.size();
    }

    boolean streaming() {
        return !closed && lastMediaNanos != 0 && System.nanoTime() - lastMediaNanos < LIVE_NANOS;
    }

    /** Closes every viewer, then disposes the sources; waits for the owner thread. */
    void close(String reason) {
        try {
            engine.run("close broadcast " + streamId, () -> closeOnOwner(reason));
        } catch (WebRtcException e) {
            LOG.debug("[webrtc] broadcast closed by the engine's shutdown stream={}", streamId);
        }
    }

    @Override
    public void closeOnOwner(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<ViewerPeer> open = new ArrayList<>(viewers);
        open.forEach(peer -> peer.closeOnOwner(reason));
        sources.writeLock().lock(); // waits for a push in progress; later pushes see closed
        try {
            videoSource.dispose();
            audioSource.dispose();
        } finally {
            sources.writeLock().unlock();
        }
        engine.unregisterSources(this);
        LOG.info("[webrtc] broadcast closed stream={} viewers_closed={} viewers_connected_total={} viewers_left_total={} "
                + "frames_pushed={} audio_blocks_held_back={} reason=\"{}\"", streamId, open.size(), joined.get(),
                left.get(), framesPushed.get(), audioHeldBack.get(), reason);
    }

    private static void copy(I420Frame from, NativeI420Buffer to) {
        int w = from.width();
        int h = from.height();
        byte[] data = from.data();
        plane(data, 0, w, h, to.getDataY(), to.getStrideY());
        plane(data, w * h, w / 2, h / 2, to.getDataU(), to.getStrideU());
        plane(data, w * h + (w / 2) * (h / 2), w / 2, h / 2, to.getDataV(), to.getStrideV());
    }

    private static void plane(byte[] src, int offset, int w, int h, ByteBuffer dst, int stride) {
        ByteBuffer out = dst.duplicate();
        for (int row = 0; row < h; row++) {
            out.position(row * stride);
            out.put(src, offset + row * w, w);
        }
    }

    private final class Events implements ViewerPeer.Events {
        @Override
        public void connected(ViewerPeer peer) {
            joined.incrementAndGet();
        }

        @Override
        public void closed(ViewerPeer peer, String reason) {
            if (viewers.remove(peer)) {
                left.incrementAndGet();
                LOG.info("[webrtc] viewer left stream={} peer={} reason=\"{}\" viewers={}", streamId, peer.id(), reason,
                        viewers.size());
            }
        }
    }
}
