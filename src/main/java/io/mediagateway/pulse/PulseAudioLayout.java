package io.mediagateway.pulse;

import java.util.ArrayList;
import java.util.List;

import io.mediagateway.config.GatewayProperties;

/**
 * The sinks and sources the gateway relies on (SPEC "Audio ingest"): null sinks {@code audio_input} and
 * {@code audio_output}, and {@code virtual_mic} on the input sink's monitor. PulseAudio keeps running when a line of
 * its script fails, so a server is checked rather than trusted.
 */
public class PulseAudioLayout {

    private final GatewayProperties.Pulse settings;
    private final Pactl pactl;

    public PulseAudioLayout(GatewayProperties.Pulse settings, Pactl pactl) {
        this.settings = settings;
        this.pactl = pactl;
    }

    /** What is missing on {@code server}, as readable items; empty when the layout is complete. */
    public List<String> missing(String server) {
        List<String> missing = new ArrayList<>();
        try {
            List<String> sinks = pactl.names(server, "sinks");
            List<String> sources = pactl.names(server, "sources");
            for (String sink : List.of(settings.getInputSink(), settings.getOutputSink())) {
                if (!sinks.contains(sink)) {
                    missing.add("sink " + sink);
                }
            }
            if (!sources.contains(settings.getMicrophoneSource())) {
                missing.add("source " + settings.getMicrophoneSource());
            }
        } catch (Pactl.PactlException e) {
            missing.add("(layout unknown: " + e.getMessage() + ")");
        }
        return missing;
    }
}
