package io.mediagateway.virtualinput.pipeline;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.VirtualInputConfig;

/**
 * The registry of ingest pipeline factories. {@link #plan} picks a factory for every configured kind (first bean in
 * order that accepts it) and runs their preflight checks; {@link Plan#open} builds and starts the pipelines.
 */
public class IngestPipelines {

    private final List<IngestPipelineFactory> factories;

    public IngestPipelines(List<IngestPipelineFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** Chooses pipelines for {@code config} and checks their system needs. Throws (changing nothing) when one is missing. */
    public Plan plan(VirtualInputConfig config) {
        Set<MediaKind> unclaimed = EnumSet.copyOf(config.kinds());
        Map<IngestPipelineFactory, Set<MediaKind>> chosen = new LinkedHashMap<>();
        for (IngestPipelineFactory factory : factories) {
            Set<MediaKind> kinds = EnumSet.noneOf(MediaKind.class);
            kinds.addAll(factory.accepts(config));
            kinds.retainAll(unclaimed);
            if (!kinds.isEmpty()) {
                chosen.put(factory, kinds);
                unclaimed.removeAll(kinds);
            }
        }
        chosen.forEach((factory, kinds) -> factory.preflight(config, kinds));
        return new Plan(config, chosen, unclaimed);
    }

    public static final class Plan {
        private final VirtualInputConfig config;
        private final Map<IngestPipelineFactory, Set<MediaKind>> chosen;
        private final Set<MediaKind> unavailable;

        private Plan(VirtualInputConfig config, Map<IngestPipelineFactory, Set<MediaKind>> chosen, Set<MediaKind> unavailable) {
            this.config = config;
            this.chosen = chosen;
            this.unavailable = unavailable;
        }

        /** Creates and starts the pipelines; kinds without a factory get a pipeline that reports itself unavailable. */
        public List<IngestPipeline> open() {
            List<IngestPipeline> pipelines = new ArrayList<>();
            try {
                chosen.forEach((factory, kinds) -> pipelines.add(factory.create(config, kinds)));
                if (!unavailable.isEmpty()) {
                    pipelines.add(new UnavailablePipeline(config, unavailable));
                }
                pipelines.forEach(IngestPipeline::start);
                return pipelines;
            } catch (RuntimeException e) {
                // a pipeline that cannot even start must not leave its siblings running
                pipelines.forEach(p -> p.close("configuration failed: " + e.getMessage()));
                throw e;
            }
        }
    }
}
