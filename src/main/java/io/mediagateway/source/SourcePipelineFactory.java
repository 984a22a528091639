package io.mediagateway.source;

import java.util.EnumSet;
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
 * Serves the kinds configured as {@code stream} or {@code file} with one pipeline: video into the virtual camera (its
 * cadence, stale → black, pause → black), audio through the real-time pacer into the PulseAudio sink of
 * {@code destination}. Video and audio of the same URL share one grabber. The route {@code virtual-source-ingest} is
 * always there; the pipeline opens and closes the {@link SourceIngest} session it delivers through.
 *
 * <p>No PulseAudio preflight of its own: the registry refuses audio of every type with 503 when none is reachable. When
 * PulseAudio goes away later, the pacer keeps trying to open the sink with backoff, and the status says why nothing
 * plays ({@code stats.audio.sink_state}).
 */
public class SourcePipelineFactory implements IngestPipelineFactory {

    private final SourceIngest ingest;
    private final VirtualCamera camera;
    private final FeedBroadcaster feed;
    private final PulseAudioSupervisor pulse;
    private final GatewayProperties gateway;

    public SourcePipelineFactory(SourceIngest ingest, VirtualCamera camera, FeedBroadcaster feed,
            PulseAudioSupervisor pulse, GatewayProperties gateway) {
        this.ingest = ingest;
        this.camera = camera;
        this.feed = feed;
        this.pulse = pulse;
        this.gateway = gateway;
    }

    @Override
    public Set<MediaKind> accepts(VirtualInputConfig config) {
        Set<MediaKind> pulled = EnumSet.noneOf(MediaKind.class);
        config.kinds().stream().filter(kind -> !config.type(kind).isPushed()).forEach(pulled::add);
        return pulled;
    }

    @Override
    public IngestPipeline create(VirtualInputConfig config, Set<MediaKind> kinds) {
        VirtualCamera.Settings video = kinds.contains(MediaKind.VIDEO) ? VirtualCamera.Settings.of(config.video()) : null;
        SinkWatch sink = null;
        AudioPacer pacer = null;
        if (kinds.contains(MediaKind.AUDIO)) {
            PulsePacers.Watched audio = PulsePacers.watched(gateway, pulse, "source", "Media Gateway source",
                    config.audio().destination());
            sink = audio.sink();
            pacer = audio.pacer();
        }
        return new SourcePipeline(config, kinds, video, pacer, sink, ingest, camera, feed, gateway.getSources());
    }

    static boolean sharesGrabber(VirtualInputConfig config, Set<MediaKind> kinds) {
        return kinds.size() == 2 && config.video().type() == config.audio().type()
                && config.video().url().equals(config.audio().url())
                && (config.video().type() != SourceType.FILE || config.video().loop().equals(config.audio().loop()));
    }
}
