package io.mediagateway.audio;

import java.util.Set;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.mediasocket.MediaSocketRegistry;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.virtualinput.AudioDestination;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.SourceType;
import io.mediagateway.virtualinput.VirtualInputConfig;
import io.mediagateway.virtualinput.pipeline.IngestPipeline;
import io.mediagateway.virtualinput.pipeline.IngestPipelineFactory;

/**
 * Serves audio of type {@code socket} (MP3 over WebSocket) with a PulseAudio sink per {@code destination}. The 503 when
 * no PulseAudio is reachable is the registry's, for every audio type ({@code IngestPipelines}).
 */
public class AudioSocketPipelineFactory implements IngestPipelineFactory {

    private final GatewayProperties gateway;
    private final PulseAudioSupervisor pulse;
    private final MediaSocketRegistry sockets;
    private final AudioSocketIngest ingest;

    public AudioSocketPipelineFactory(GatewayProperties gateway, PulseAudioSupervisor pulse, MediaSocketRegistry sockets,
            AudioSocketIngest ingest) {
        this.gateway = gateway;
        this.pulse = pulse;
        this.sockets = sockets;
        this.ingest = ingest;
    }

    @Override
    public Set<MediaKind> accepts(VirtualInputConfig config) {
        return config.audio() != null && config.audio().type() == SourceType.SOCKET ? Set.of(MediaKind.AUDIO) : Set.of();
    }

    @Override
    public IngestPipeline create(VirtualInputConfig config, Set<MediaKind> kinds) {
        AudioDestination destination = config.audio().destination();
        AudioSocketPipeline pipeline = new AudioSocketPipeline(destination, PulsePacers.sink(gateway, destination),
                (sinkName, events) -> PulsePacers.create(gateway, pulse, config.audio().pacing(), sinkName, sinkName,
                        "Media Gateway ingest (" + destination.id() + ")", events),
                sockets, ingest::detach);
        ingest.attach(pipeline);
        return pipeline;
    }
}
