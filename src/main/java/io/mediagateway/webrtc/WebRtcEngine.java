package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.mediagateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The one owner of webrtc-java's native objects: the audio device module, the peer connection factory and every peer
 * connection made from it (the ingest publisher, livestream viewers) and the viewers' custom sources. webrtc-java
 * aborts the JVM on some misuse (STACK.md), so:
 * <ul>
 * <li>every native call on these objects runs on the owner's single thread ({@link #call}), so no two can race; the
 * one exception is pushing pictures and sound into a broadcast's sources, which runs on the stream's capture thread
 * under {@code LiveBroadcast}'s lock (disposal takes it too) and, for sound, through the {@link SendAudioGate};</li>
 * <li>the factory uses a {@link HeadlessAudioDeviceModule} (a default factory with no sound card aborts), created on
 * first use so a gateway that never sees WebRTC never loads the library;</li>
 * <li>the module's recording is stopped once a peer is connected and after every negotiation
 * ({@link #quietRecording}): a recording headless module racing a pushed audio source aborts the JVM;</li>
 * <li>shutdown follows the documented order: broadcasts first (their viewers' peers, then their sources), then the
 * remaining peers (sinks/senders removed, then closed), then the factory, then the module.</li>
 * </ul>
 * Callbacks from libwebrtc's own threads must never wait for the owner thread (the owner may be inside a call that waits
 * for them): they only post work to it ({@link #execute}).
 */
public class WebRtcEngine implements SmartLifecycle {

    /** Before the PulseAudio supervisor (so peers feeding audio are gone first) and after Camel stops its routes. */
    public static final int PHASE = Integer.MAX_VALUE - 2048;

    /** A peer the engine closes at shutdown if its user did not. Called on the owner thread. */
    public interface OwnedPeer {
        void closeOnOwner(String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcEngine.class);

    private final GatewayProperties.Webrtc settings;
    private final ScheduledThreadPoolExecutor owner;
    private final Set<OwnedPeer> peers = ConcurrentHashMap.newKeySet();
    private final Set<OwnedPeer> sourceOwners = ConcurrentHashMap.newKeySet();
    private final AtomicLong peersCreated = new AtomicLong();
    private final AtomicLong peersClosed = new AtomicLong();
    private final SendAudioGate audioGate = new SendAudioGate();
    private volatile Thread ownerThread;
    private HeadlessAudioDeviceModule audioModule; // owner thread only
    private PeerConnectionFactory factory; // owner thread only
    private volatile boolean factoryLive;
    private volatile boolean running = true;
    private volatile boolean disposed;

    public WebRtcEngine(GatewayProperties.Webrtc settings) {
        settings.checkPortRange();
        this.settings = settings;
        this.owner = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "webrtc-owner");
            t.setDaemon(true);
            ownerThread = t;
            return t;
        });
        owner.setRemoveOnCancelPolicy(true);
        owner.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public GatewayProperties.Webrtc settings() {
        return settings;
    }

    /** Runs {@code task} on the owner thread and waits for it (directly when already there). */
    public <T> T call(String what, Callable<T> task) {
        if (Thread.currentThread() == ownerThread) {
            return callHere(what, task);
        }
        Future<T> result;
        try {
            result = owner.submit(() -> callHere(what, task));
        } catch (RejectedExecutionException e) {
            throw WebRtcException.unavailable("WebRTC is shut down (" + what + ")");
        }
        try {
            return result.get(settings.getNegotiationTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WebRtcException.unavailable("interrupted while waiting for " + what);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new WebRtcException(what + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw WebRtcException.unavailable(what + " timed out on the WebRTC owner thread");
        }
    }

    /** True once the owner thread no longer takes tasks (shutdown began). */
    public boolean isShutDown() {
        return owner.isShutdown();
    }

    public void run(String what, Runnable task) {
        call(what, () -> {
            task.run();
            return null;
        });
    }

    /** Posts {@code task} to the owner thread without waiting (for libwebrtc callbacks). Dropped after shutdown. */
    public void execute(String what, Runnable task) {
        try {
            owner.execute(() -> callHere(what, () -> {
                task.run();
                return null;
            }));
        } catch (RejectedExecutionException e) {
            LOG.debug("[webrtc] dropped after shutdown task={}", what);
        }
    }

    /** Runs {@code task} once on the owner thread after {@code delay}. Dropped after shutdown. */
    public void after(Duration delay, String what, Runnable task) {
        try {
            owner.schedule(() -> execute(what, task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("[webrtc] dropped after shutdown task={}", what);
        }
    }

    /** Repeats {@code task} on the owner thread (stats polling). */
    public ScheduledFuture<?> every(Duration period, String what, Runnable task) {
        long ms = Math.max(100, period.toMillis());
        return owner.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.debug("[webrtc] periodic task failed task={} error=\"{}\"", what, e.getMessage());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The factory, created on first use. Owner thread only. */
    public PeerConnectionFactory factory() {
        requireOwner();
        if (disposed) {
            throw WebRtcException.unavailable("WebRTC is shut down");
        }
        if (factory == null) {
            audioModule = new HeadlessAudioDeviceModule();
            factory = new PeerConnectionFactory(audioModule);
            factoryLive = true;
            LOG.info("[webrtc] factory created audio_module=headless ice_servers={}", settings.getIceServers().size());
        }
        return factory;
    }

    /** A peer connection with the configured ICE servers, registered for shutdown. Owner thread only. */
    public RTCPeerConnection createPeerConnection(PeerConnectionObserver observer, OwnedPeer ownedBy) {
        RTCPeerConnection pc = factory().createPeerConnection(rtcConfiguration(), observer);
        if (pc == null) {
            throw new WebRtcException("libwebrtc refused to create a peer connection");
        }
        peers.add(ownedBy);
        peersCreated.incrementAndGet();
        return pc;
    }

    /** Closes a peer connection made by {@link #createPeerConnection}. Owner thread only; idempotent per owner. */
    public void closePeerConnection(RTCPeerConnection pc, OwnedPeer ownedBy) {
        requireOwner();
        if (peers.remove(ownedBy)) {
            pc.close();
            peersClosed.incrementAndGet();
        }
    }

    /**
     * Registers the owner of custom sources (a livestream's broadcast): at shutdown it is closed (its peers, then its
     * sources) before the remaining peers and the factory, the documented order.
     */
    void registerSources(OwnedPeer owner) {
        sourceOwners.add(owner);
    }

    void unregisterSources(OwnedPeer owner) {
        sourceOwners.remove(owner);
    }

    /** The workaround for the headless module's recording race (STACK.md). Owner thread only. */
    void quietRecording() {
        requireOwner();
        if (audioModule != null && !disposed) {
            audioModule.stopRecording();
        }
    }

    /**
     * {@link #quietRecording} unless a viewer is joining (libwebrtc may be restarting the recording right then; the
     * joiner quiets it when its turn ends, see {@link SendAudioGate}). Owner thread only.
     */
    public void quietRecordingUnlessJoining() {
        audioGate.quietUnlessJoining(this::quietRecording);
    }

    /** The gate every pushed audio source goes through (see {@link SendAudioGate}). */
    SendAudioGate audioGate() {
        return audioGate;
    }

    public int openPeers() {
        return peers.size();
    }

    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("factory", factoryLive ? "live" : disposed ? "disposed" : "not created");
        stats.put("peers_open", peers.size());
        stats.put("peers_created", peersCreated.get());
        stats.put("peers_closed", peersClosed.get());
        return stats;
    }

    private RTCConfiguration rtcConfiguration() {
        RTCConfiguration config = new RTCConfiguration();
        List<RTCIceServer> servers = new ArrayList<>();
        for (GatewayProperties.Webrtc.IceServer s : settings.getIceServers()) {
            RTCIceServer server = new RTCIceServer();
            server.urls = new ArrayList<>(s.getUrls());
            server.username = s.getUsername();
            server.password = s.getCredential();
            servers.add(server);
        }
        config.iceServers = servers;
        if (settings.getMaxPort() > 0) {
            config.portAllocatorConfig.minPort = settings.getMinPort();
            config.portAllocatorConfig.maxPort = settings.getMaxPort();
        }
        return config;
    }

    private <T> T callHere(String what, Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new WebRtcException(what + " failed: " + e.getMessage(), e);
        }
    }

    private void requireOwner() {
        if (Thread.currentThread() != ownerThread) {
            throw new IllegalStateException("webrtc native objects are touched on the webrtc-owner thread only");
        }
    }

    // --- lifecycle ---------------------------------------------------------------------------------------------------

    @Override
    public void start() {
        running = true;
    }

    /** Closes every peer still open, then the factory, then the audio module; ends the owner thread. */
    @Override
    public void stop() {
        running = false;
        if (disposed) {
            return;
        }
        try {
            run("shutdown", () -> {
                for (OwnedPeer owner : List.copyOf(sourceOwners)) {
                    try {
                        owner.closeOnOwner("gateway shutting down");
                    } catch (RuntimeException e) {
                        LOG.warn("[webrtc] sources close at shutdown failed error=\"{}\"", e.getMessage());
                    }
                }
                sourceOwners.clear();
                for (OwnedPeer peer : List.copyOf(peers)) {
                    try {
                        peer.closeOnOwner("gateway shutting down");
                    } catch (RuntimeException e) {
                        LOG.warn("[webrtc] peer close at shutdown failed error=\"{}\"", e.getMessage());
                    }
                }
                peers.clear();
                if (factory != null) {
                    factory.dispose();
                    factory = null;
                }
                if (audioModule != null) {
                    audioModule.dispose();
                    audioModule = null;
                }
                factoryLive = false;
                disposed = true;
            });
            LOG.info("[webrtc] shut down peers_created={} peers_closed={}", peersCreated.get(), peersClosed.get());
        } catch (RuntimeException e) {
            LOG.warn("[webrtc] shutdown failed error=\"{}\"", e.getMessage(), e);
        } finally {
            disposed = true;
            owner.shutdown();
            try {
                owner.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running && !disposed;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
