package io.mediagateway.virtualinput.pipeline;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.mediagateway.virtualinput.MediaKind;

/**
 * A running ingest pipeline for one or both media kinds (a WebRTC peer or a URL grabber may carry video and audio
 * together). The control plane only ever talks to pipelines through this interface.
 */
public interface IngestPipeline {

    /** The kinds this pipeline feeds. */
    Set<MediaKind> kinds();

    /** Starts it. Failures that happen later are reported through {@link #lastError()}, not thrown. */
    void start();

    /** Paused: the camera shows black and the sinks get silence; input keeps being accepted and discarded. */
    void setPaused(boolean paused);

    /** Releases everything: ingest connections are closed with {@code reason} as their close reason. Idempotent. */
    void close(String reason);

    /** Live figures for one kind (bytes, frames, drops, clients ...), shown in the status's {@code stats}. */
    Map<String, Object> stats(MediaKind kind);

    Optional<String> lastError();
}
