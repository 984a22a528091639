package io.mediagateway.virtualinput.pipeline;

import java.util.Set;

import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.VirtualInputConfig;

/** Builds pipelines for the configurations it understands. Register one as a Spring bean to add a source type. */
public interface IngestPipelineFactory {

    /** The kinds of {@code config} this factory would serve, empty when none (e.g. video when video.type is socket). */
    Set<MediaKind> accepts(VirtualInputConfig config);

    /**
     * Checks that the system parts the pipeline needs are there, before anything running is touched. Throws an
     * {@link io.mediagateway.http.ApiException} (503 with what to install or start) when they are not.
     */
    default void preflight(VirtualInputConfig config, Set<MediaKind> kinds) {
    }

    IngestPipeline create(VirtualInputConfig config, Set<MediaKind> kinds);
}
