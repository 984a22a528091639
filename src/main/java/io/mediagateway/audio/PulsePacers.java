package io.mediagateway.audio;

import java.io.IOException;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.virtualinput.AudioDestination;
import io.mediagateway.virtualinput.Pacing;

/**
 * Real-time pacers into the PulseAudio sink of a {@code destination}, opened (and reopened after an outage) on the
 * pulse server the supervisor reports, with the {@code gateway.audio} buffer, latency and backoff.
 */
public final class PulsePacers {

    private PulsePacers() {
    }

    /** The sink of {@code destination}: microphone → {@code gateway.pulse.input-sink}, speaker → output sink. */
    public static String sink(GatewayProperties gateway, AudioDestination destination) {
        return destination == AudioDestination.SPEAKER ? gateway.getPulse().getOutputSink()
                : gateway.getPulse().getInputSink();
    }

    /** A pacer and the watch on its sink, for a pipeline of {@code kind} (e.g. "source", "webrtc"). */
    public record Watched(SinkWatch sink, AudioPacer pacer) {
    }

    /**
     * A pacer named {@code name} playing into {@code sinkName}; {@code streamName} is what PulseAudio lists. The sink
     * is opened (and reopened) on the server the supervisor reports at that moment.
     */
    public static AudioPacer create(GatewayProperties gateway, PulseAudioSupervisor pulse, String name, String sinkName,
            String streamName, AudioPacer.Events events) {
        return create(gateway, pulse, Pacing.LATEST, name, sinkName, streamName, events);
    }

    /** As above with a pacing: {@code timestamps} holds up to {@code gateway.audio.max-lead}, {@code latest} max-buffer. */
    public static AudioPacer create(GatewayProperties gateway, PulseAudioSupervisor pulse, Pacing pacing, String name,
            String sinkName, String streamName, AudioPacer.Events events) {
        GatewayProperties.Audio settings = gateway.getAudio();
        PcmSink.Opener opener = () -> open(settings, pulse.server().orElseThrow(() -> new IOException(
                "no PulseAudio server is reachable")), sinkName, streamName);
        return new AudioPacer(name, pacing, pacing == Pacing.TIMESTAMPS ? settings.getMaxLead() : settings.getMaxBuffer(),
                settings.getReconnectBackoff(), opener, events);
    }

    /**
     * The pacer of a {@code kind} pipeline into the sink of {@code destination}, watched (events, stats) under that
     * kind; PulseAudio lists it as "{@code label} (destination)".
     */
    public static Watched watched(GatewayProperties gateway, PulseAudioSupervisor pulse, String kind, String label,
            AudioDestination destination) {
        SinkWatch sink = new SinkWatch(kind, sink(gateway, destination));
        AudioPacer pacer = create(gateway, pulse, kind + "-" + sink.sinkName(), sink.sinkName(),
                label + " (" + destination.id() + ")", sink);
        return new Watched(sink, pacer);
    }

    /**
     * A playback stream into {@code sinkName} with the {@code gateway.audio} latency and the pacer's block: the one way
     * the gateway opens a sink, so the streams that keep sinks ready request what the pacers do.
     */
    static PulseAudioSink open(GatewayProperties.Audio settings, String server, String sinkName, String streamName)
            throws IOException {
        return PulseAudioSink.open(server, sinkName, settings.getSinkLatency(), AudioPacer.BLOCK, streamName);
    }
}
