package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.mediagateway.audio.AudioPacer;
import io.mediagateway.audio.PulsePacers;
import io.mediagateway.audio.PcmSink;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.video.VirtualCamera;
import io.mediagateway.virtualinput.AudioDestination;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.SourceType;
import io.mediagateway.virtualinput.VirtualInputConfig;
import io.mediagateway.virtualinput.pipeline.IngestPipeline;
import io.mediagateway.virtualinput.pipeline.IngestPipelineFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the kinds configured as {@code webrtc} with one pipeline (one peer may carry both): video into the virtual
 * camera (its cadence, stale → black, pause → black), audio through the real-time pacer into the PulseAudio sink of
 * {@code destination}. The routes {@code virtual-webrtc-offer} and {@code virtual-webrtc-ingest} are always there; this
 * opens and closes the {@link WebRtcIngest} session they use.
 */
public class WebRtcPipelineFactory implements IngestPipelineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcPipelineFactory.class);

    private final WebRtcIngest ingest;
    private final VirtualCamera camera;
    private final FeedBroadcaster feed;
    private final PulseAudioSupervisor pulse;
    private final GatewayProperties gateway;

    public WebRtcPipelineFactory(WebRtcIngest ingest, VirtualCamera camera, FeedBroadcaster feed,
            PulseAudioSupervisor pulse, GatewayProperties gateway) {
        this.ingest = ingest;
        this.camera = camera;
        this.feed = feed;
        this.pulse = pulse;
        this.gateway = gateway;
    }

    @Override
    public Set<MediaKind> accepts(VirtualInputConfig config) {
        Set<MediaKind> kinds = EnumSet.noneOf(MediaKind.class);
        for (MediaKind kind : config.kinds()) {
            if (config.type(kind) == SourceType.WEBRTC) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /*
     * No preflight of its own: the registry (IngestPipelines) refuses audio of every type with 503 when no PulseAudio is
     * reachable. When PulseAudio goes away after configure, the pacer keeps trying to open the sink with backoff, and the
     * status says why nothing plays (stats.audio.sink_state and sink_error).
     */

    @Override
    public IngestPipeline create(VirtualInputConfig config, Set<MediaKind> kinds) {
        VirtualCamera.Settings video = kinds.contains(MediaKind.VIDEO) ? new VirtualCamera.Settings(
                config.video().width(), config.video().height(), config.video().frameRate()) : null;
        AudioPacer audio = null;
        String sinkName = null;
        AtomicReference<String> sinkProblem = new AtomicReference<>();
        if (kinds.contains(MediaKind.AUDIO)) {
            AudioDestination destination = config.audio().destination();
            sinkName = PulsePacers.sink(gateway, destination);
            audio = PulsePacers.create(gateway, pulse, "webrtc-" + sinkName, sinkName,
                    "Media Gateway WebRTC ingest (" + destination.id() + ")", new PacerLog(sinkName, sinkProblem));
        }
        return new Pipeline(new WebRtcIngest.Session(Set.copyOf(kinds), video, audio), sinkName, sinkProblem);
    }

    private final class Pipeline implements IngestPipeline {
        private final WebRtcIngest.Session session;
        private final String sinkName;
        private final AtomicReference<String> sinkProblem;

        Pipeline(WebRtcIngest.Session session, String sinkName,
                AtomicReference<String> sinkProblem) {
            this.session = session;
            this.sinkName = sinkName;
            this.sinkProblem = sinkProblem;
        }

        @Override
        public Set<MediaKind> kinds() {
            return session.kinds();
        }

        @Override
        public void start() {
            if (session.video() != null) {
                camera.start(session.video());
            }
            if (session.audio() != null) {
                session.audio().start();
            }
            ingest.open(session);
        }

        @Override
        public void setPaused(boolean paused) {
            ingest.setPaused(paused);
            if (session.video() != null) {
                camera.setPaused(paused);
            }
            if (session.audio() != null) {
                session.audio().setPaused(paused);
            }
        }

        @Override
        public void close(String reason) {
            ingest.close(session, reason);
            if (session.video() != null) {
                camera.stop();
            }
            if (session.audio() != null) {
                session.audio().close();
            }
        }

        @Override
        public Map<String, Object> stats(MediaKind kind) {
            Map<String, Object> stats = new LinkedHashMap<>(ingest.stats(kind));
            if (kind == MediaKind.VIDEO) {
                stats.putAll(camera.stats());
                stats.put("feed_viewers", feed.viewers());
            } else {
                AudioPacer pacer = session.audio();
                stats.put("sink", sinkName);
                String problem = sinkProblem.get();
                stats.put("sink_state", problem == null ? "playing" : "unavailable");
                if (problem != null) {
                    stats.put("sink_error", problem);
                }
                stats.put("played_ms", pacer.playedMillis());
                stats.put("dropped_ms", pacer.droppedMillis());
                stats.put("buffer_ms", pacer.bufferedMillis());
                stats.put("discarded_ms", pacer.discardedMillis());
            }
            return stats;
        }

        @Override
        public Optional<String> lastError() {
            return Optional.ofNullable(ingest.lastError());
        }
    }

    /** Pacer events as log lines. */
    private static final class PacerLog implements AudioPacer.Events {
        private final String sink;
        private final AtomicReference<String> problem;

        PacerLog(String sink, AtomicReference<String> problem) {
            this.sink = sink;
            this.problem = problem;
        }

        @Override
        public void sinkOpened(PcmSink opened, Duration outage) {
            problem.set(null);
            LOG.info("[webrtc] audio sink open sink={} outage_ms={}", sink, outage.toMillis());
        }

        @Override
        public void sinkFailed(String error, boolean wasOpen) {
            problem.set(error == null ? "unknown error" : error);
            LOG.warn("[webrtc] audio sink failed sink={} was_open={} error=\"{}\"", sink, wasOpen, error);
        }

        @Override
        public void idle(Duration silentFor) {
            LOG.debug("[webrtc] audio idle sink={} silent_ms={}", sink, silentFor.toMillis());
        }

        @Override
        public void resumed(Duration idleFor) {
            LOG.debug("[webrtc] audio resumed sink={} idle_ms={}", sink, idleFor.toMillis());
        }
    }
}
