package io.mediagateway.webrtc;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.mediagateway.audio.AudioPacer;
import io.mediagateway.audio.PulsePacers;
import io.mediagateway.audio.SinkWatch;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.video.VirtualCamera;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.SourceType;
import io.mediagateway.virtualinput.VirtualInputConfig;
import io.mediagateway.virtualinput.pipeline.IngestPipeline;
import io.mediagateway.virtualinput.pipeline.IngestPipelineFactory;

/**
 * Serves the kinds configured as {@code webrtc} with one pipeline (one peer may carry both): video into the virtual
 * camera (its cadence, stale → black, pause → black), audio through the real-time pacer into the PulseAudio sink of
 * {@code destination}. The routes {@code virtual-webrtc-offer} and {@code virtual-webrtc-ingest} are always there; this
 * opens and closes the {@link WebRtcIngest} session they use.
 */
public class WebRtcPipelineFactory implements IngestPipelineFactory {

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
        VirtualCamera.Settings video = kinds.contains(MediaKind.VIDEO) ? VirtualCamera.Settings.of(config.video()) : null;
        AudioPacer audio = null;
        SinkWatch sink = null;
        if (kinds.contains(MediaKind.AUDIO)) {
            PulsePacers.Watched watched = PulsePacers.watched(gateway, pulse, "webrtc", "Media Gateway WebRTC ingest",
                    config.audio().destination());
            sink = watched.sink();
            audio = watched.pacer();
        }
        return new Pipeline(new WebRtcIngest.Session(Set.copyOf(kinds), video, audio), sink);
    }

    private final class Pipeline implements IngestPipeline {
        private final WebRtcIngest.Session session;
        private final SinkWatch sink;

        Pipeline(WebRtcIngest.Session session, SinkWatch sink) {
            this.session = session;
            this.sink = sink;
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
                sink.putStats(stats, session.audio());
            }
            return stats;
        }

        @Override
        public Optional<String> lastError() {
            return Optional.ofNullable(ingest.lastError());
        }
    }
}
