package io.mediagateway.virtualinput.pipeline;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.mediagateway.http.ApiException;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.VirtualInputConfig;

/**
 * The registry of ingest pipeline factories. {@link #plan} picks a factory for every configured kind (first bean in
 * order that accepts it) and runs their preflight checks; {@link Plan#open} builds and starts the pipelines.
 *
 * <p>Every audio source type plays into PulseAudio, so the one check for it is here, before any factory is asked:
 * configured audio of any type is refused with 503 when no PulseAudio is reachable (SPEC: 503 a needed system part is
 * missing), and a new source type gets that without code of its own.
 */
public class IngestPipelines {

    /** The start of the 503 message when audio is configured and no PulseAudio is reachable or startable. */
    public static final String AUDIO_NEEDS_PULSE_AUDIO = "Audio ingest needs PulseAudio. ";

    private final List<IngestPipelineFactory> factories;
    private final Supplier<Optional<String>> audioUnavailability;

    /**
     * {@code audioUnavailability}: why audio cannot be played right now and how to fix it (e.g. which package to
     * install), empty when it can.
     */
    public IngestPipelines(List<IngestPipelineFactory> factories, Supplier<Optional<String>> audioUnavailability) {
        this.factories = List.copyOf(factories);
        this.audioUnavailability = audioUnavailability;
    }

    /** Chooses pipelines for {@code config} and checks their system needs. Throws (changing nothing) when one is missing. */
    public Plan plan(VirtualInputConfig config) {
        if (config.kinds().contains(MediaKind.AUDIO)) {
            audioUnavailability.get().ifPresent(problem -> {
                throw ApiException.unavailable(AUDIO_NEEDS_PULSE_AUDIO + problem);
            });
        }
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
