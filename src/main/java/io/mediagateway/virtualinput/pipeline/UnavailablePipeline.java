package io.mediagateway.virtualinput.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.VirtualInputConfig;

/**
 * Stands in for a source type this build has no pipeline for: the configuration is accepted and kept, and the
 * status says plainly that nothing is flowing.
 */
final class UnavailablePipeline implements IngestPipeline {

    private final Set<MediaKind> kinds;
    private final VirtualInputConfig config;

    UnavailablePipeline(VirtualInputConfig config, Set<MediaKind> kinds) {
        this.config = config;
        this.kinds = Set.copyOf(kinds);
    }

    @Override
    public Set<MediaKind> kinds() {
        return kinds;
    }

    @Override
    public void start() {
    }

    @Override
    public void setPaused(boolean paused) {
    }

    @Override
    public void close(String reason) {
    }

    @Override
    public Map<String, Object> stats(MediaKind kind) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("pipeline", "unavailable");
        stats.put("detail", detail(kind));
        return stats;
    }

    @Override
    public Optional<String> lastError() {
        return Optional.empty();
    }

    private String detail(MediaKind kind) {
        return config.type(kind).id() + " " + kind.id() + " ingest is not available in this build; the configuration"
                + " is kept but no media flows";
    }
}
