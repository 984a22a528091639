package io.mediagateway.virtualinput;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.mediagateway.http.ApiException;
import io.mediagateway.virtualinput.pipeline.IngestPipeline;
import io.mediagateway.virtualinput.pipeline.IngestPipelines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual-input state machine: idle → running ⇄ paused → idle. Every transition validates first and only then
 * touches running pipelines, so a refused request changes nothing. Control requests are rare; one lock keeps them
 * in order.
 */
public class VirtualInputService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualInputService.class);

    private final IngestPipelines registry;
    private volatile Session session = Session.IDLE; // written under the lock, read without (WebSocket gates)

    public VirtualInputService(IngestPipelines registry) {
        this.registry = registry;
    }

    /** Replaces whatever runs with {@code config}. */
    public synchronized Session configure(VirtualInputConfig config) {
        IngestPipelines.Plan plan = registry.plan(config);
        closePipelines("replaced by a new configuration");
        State state = config.startPaused() ? State.PAUSED : State.RUNNING;
        List<IngestPipeline> pipelines;
        try {
            pipelines = plan.open();
        } catch (RuntimeException e) {
            session = new Session(State.IDLE, null, null, List.of(), "configuration failed: " + e.getMessage());
            LOG.error("[virtual-input] configure failed error=\"{}\"", e.getMessage(), e);
            throw new ApiException(500, "Could not start the virtual inputs: " + e.getMessage());
        }
        if (state == State.PAUSED) {
            pipelines.forEach(p -> p.setPaused(true));
        }
        session = new Session(state, config, Instant.now().truncatedTo(ChronoUnit.MILLIS), pipelines, null);
        LOG.info("[virtual-input] configured state={} video={} audio={}", state.id(), describe(config.video()),
                describe(config.audio()));
        return session;
    }

    public synchronized Session pause() {
        requireConfigured("pause");
        if (session.state() == State.RUNNING) {
            session.pipelines().forEach(p -> p.setPaused(true));
            session = session.withState(State.PAUSED);
            LOG.info("[virtual-input] paused");
        }
        return session;
    }

    public synchronized Session resume() {
        requireConfigured("resume");
        if (session.state() == State.PAUSED) {
            session.pipelines().forEach(p -> p.setPaused(false));
            session = session.withState(State.RUNNING);
            LOG.info("[virtual-input] resumed");
        }
        return session;
    }

    /** Always succeeds; releases everything. */
    public synchronized Session stop() {
        if (session.config() != null) {
            closePipelines("virtual inputs stopped (POST /input/devices/virtual/stop)");
            LOG.info("[virtual-input] stopped");
        }
        session = Session.IDLE;
        return session;
    }

    public Session current() {
        return session;
    }

    @Override
    public synchronized void close() {
        closePipelines("gateway shutting down");
        session = Session.IDLE;
    }

    private void requireConfigured(String action) {
        if (session.config() == null) {
            throw ApiException.badRequest("Nothing to " + action + ": no virtual input is configured. POST "
                    + "/input/devices/virtual/configure first.");
        }
    }

    private void closePipelines(String reason) {
        for (IngestPipeline pipeline : session.pipelines()) {
            try {
                pipeline.close(reason);
            } catch (RuntimeException e) {
                LOG.warn("[virtual-input] pipeline close failed kinds={} error=\"{}\"", pipeline.kinds(), e.getMessage(), e);
            }
        }
    }

    private static String describe(VideoInput v) {
        return v == null ? "none" : v.type().id() + "/" + (v.format() != null ? v.format() : v.url()) + " "
                + v.width() + "x" + v.height() + "@" + v.frameRate();
    }

    private static String describe(AudioInput a) {
        return a == null ? "none" : a.type().id() + "/" + (a.format() != null ? a.format() : a.url()) + "->"
                + a.destination().id();
    }

    public enum State {
        IDLE, RUNNING, PAUSED;

        public String id() {
            return name().toLowerCase();
        }
    }

    /** An immutable view of the current virtual inputs. {@code config} is null when idle. */
    public record Session(State state, VirtualInputConfig config, Instant startedAt, List<IngestPipeline> pipelines,
            String failure) {

        static final Session IDLE = new Session(State.IDLE, null, null, List.of(), null);

        Session withState(State next) {
            return new Session(next, config, startedAt, pipelines, failure);
        }

        public Optional<IngestPipeline> pipeline(MediaKind kind) {
            return pipelines.stream().filter(p -> p.kinds().contains(kind)).findFirst();
        }

        /** The failure of the last configure, else the first pipeline error. */
        public Optional<String> lastError() {
            if (failure != null) {
                return Optional.of(failure);
            }
            return pipelines.stream().map(IngestPipeline::lastError).flatMap(Optional::stream).findFirst();
        }
    }
}
