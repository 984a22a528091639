package io.mediagateway.audio;

import java.io.IOException;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.virtualinput.AudioDestination;

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

    /** A pacer named {@code name} playing into {@code sinkName}; {@code streamName} is what PulseAudio lists. */
    public static AudioPacer create(GatewayProperties gateway, PulseAudioSupervisor pulse, String name, String sinkName,
            String streamName, AudioPacer.Events events) {
        GatewayProperties.Audio settings = gateway.getAudio();
        PcmSink.Opener opener = () -> PulseAudioSink.open(pulse.server().orElseThrow(() -> new IOException(
                "no PulseAudio server is reachable")), sinkName, settings.getSinkLatency(), AudioPacer.BLOCK, streamName);
        return new AudioPacer(name, settings.getMaxBuffer(), settings.getReconnectBackoff(), opener, events);
    }
}
