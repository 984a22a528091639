package io.mediagateway.source;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

import io.mediagateway.audio.AudioPacer;
import io.mediagateway.audio.PcmSink;
import io.mediagateway.audio.PulseAudioSink;
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

/**
 * Serves the kinds configured as {@code stream} or {@code file} with one pipeline: video into the virtual camera (its
 * cadence, stale → black, pause → black), audio through the real-time pacer into the PulseAudio sink of
 * {@code destination}. Video and audio of the same URL share one grabber. The route {@code virtual-source-ingest} is
 * always there; the pipeline opens and closes the {@link SourceIngest} session it delivers through.
 *
 * <p>No 503 preflight for audio (as for webrtc): the source is accepted on a machine without PulseAudio, the pacer keeps
 * trying to open the sink with backoff, and the status says why nothing plays ({@code stats.audio.sink_state}).
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
        Set<MediaKind> kinds = EnumSet.noneOf(MediaKind.class);
        for (MediaKind kind : config.kinds()) {
            if (!config.type(kind).isPushed()) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    @Override
    public IngestPipeline create(VirtualInputConfig config, Set<MediaKind> kinds) {
        VirtualCamera.Settings video = kinds.contains(MediaKind.VIDEO) ? new VirtualCamera.Settings(
                config.video().width(), config.video().height(), config.video().frameRate()) : null;
        SourcePipeline.SinkState sink = null;
        AudioPacer pacer = null;
        if (kinds.contains(MediaKind.AUDIO)) {
            AudioDestination destination = config.audio().destination();
            String sinkName = destination == AudioDestination.SPEAKER ? gateway.getPulse().getOutputSink()
                    : gateway.getPulse().getInputSink();
            sink = new SourcePipeline.SinkState(sinkName);
            pacer = pacer(sinkName, destination, sink);
        }
        return new SourcePipeline(config, kinds, video, pacer, sink, ingest, camera, feed, gateway.getSources());
    }

    private AudioPacer pacer(String sinkName, AudioDestination destination, AudioPacer.Events events) {
        GatewayProperties.Audio settings = gateway.getAudio();
        PcmSink.Opener opener = () -> PulseAudioSink.open(pulse.server().orElseThrow(() -> new IOException(
                "no PulseAudio server is reachable")), sinkName, settings.getSinkLatency(), AudioPacer.BLOCK,
                "Media Gateway source (" + destination.id() + ")");
        return new AudioPacer("source-" + sinkName, settings.getMaxBuffer(), settings.getReconnectBackoff(), opener,
                events);
    }

    static boolean sharesGrabber(VirtualInputConfig config, Set<MediaKind> kinds) {
        return kinds.size() == 2 && config.video().type() == config.audio().type()
                && config.video().url().equals(config.audio().url())
                && (config.video().type() != SourceType.FILE || config.video().loop().equals(config.audio().loop()));
    }
}
