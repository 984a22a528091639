package io.mediagateway.livestream;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mediagateway.http.ApiException;
import io.mediagateway.runtime.SystemPart;
import io.mediagateway.runtime.SystemParts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running livestreams by id. Start checks everything first (conflict, capacity, the display and PulseAudio), so a
 * refused start changes nothing; then it starts the stream's route. Stop removes the route and closes its viewers.
 */
public class LivestreamService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LivestreamService.class);

    /** A stream that was started and not stopped. */
    public record LiveStream(StreamSpec spec, Instant startedAt) {
    }

    private final StreamRoutes routes;
    private final StreamOutputs outputs;
    private final SystemParts system;
    private final int maxStreams;
    private final Map<String, LiveStream> streams = new LinkedHashMap<>();

    public LivestreamService(StreamRoutes routes, StreamOutputs outputs, SystemParts system, int maxStreams) {
        this.routes = routes;
        this.outputs = outputs;
        this.system = system;
        this.maxStreams = maxStreams;
    }

    public synchronized LiveStream start(StreamSpec spec) {
        if (streams.containsKey(spec.id())) {
            throw ApiException.conflict("Stream '" + spec.id() + "' is already streaming (mode "
                    + streams.get(spec.id()).spec().mode().wire() + "). POST /stream/stop {\"id\":\"" + spec.id()
                    + "\"} first, or use another id.");
        }
        if (streams.size() >= maxStreams) {
            throw ApiException.conflict(streams.size() + " streams are running, the most gateway.livestream.max-streams "
                    + "allows. Stop one first.");
        }
        if (spec.encoding().hasVideo()) {
            SystemPart display = system.display();
            if (!display.up()) {
                throw ApiException.unavailable(display.detail());
            }
        }
        SystemPart pulse = system.pulseAudio();
        if (!pulse.up()) {
            throw ApiException.unavailable("The stream's sound comes from PulseAudio. " + pulse.detail());
        }
        routes.start(spec);
        LiveStream stream = new LiveStream(spec, Instant.now().truncatedTo(ChronoUnit.MILLIS)); // as virtual inputs: ms
        streams.put(spec.id(), stream);
        LOG.info("[livestream] started stream={} mode={} framerate={} encoding={} streams={}", spec.id(),
                spec.mode().wire(), spec.framerate(), spec.encoding().id(), streams.size());
        return stream;
    }

    public synchronized LiveStream stop(String id) {
        LiveStream stream = streams.get(id);
        if (stream == null) {
            throw ApiException.notFound("No stream with id '" + id + "'. GET /stream/list shows the running streams.");
        }
        routes.stop(id);
        outputs.closeViewers(id, "stream stopped");
        streams.remove(id);
        LOG.info("[livestream] stopped stream={} streams={}", id, streams.size());
        return stream;
    }

    public synchronized List<LiveStream> list() {
        return new ArrayList<>(streams.values());
    }

    public synchronized Optional<LiveStream> find(String id) {
        return Optional.ofNullable(streams.get(id));
    }

    /** The live state of a running stream's output (null while its route is not running). */
    public OutputState state(String id) {
        return outputs.state(id);
    }

    /** Stops every stream (shutdown). */
    @Override
    public synchronized void close() {
        for (String id : new ArrayList<>(streams.keySet())) {
            stop(id);
        }
    }
}
