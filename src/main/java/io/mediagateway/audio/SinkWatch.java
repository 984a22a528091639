package io.mediagateway.audio;

import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a pacer's sink is doing ({@code opening} → {@code playing} / {@code unavailable} with why), as log lines and as
 * the pacer figures every audio pipeline puts in its status, so all of them report the same names.
 */
public class SinkWatch implements AudioPacer.Events {

    private static final Logger LOG = LoggerFactory.getLogger(SinkWatch.class);

    private final String logPrefix;
    private final String sinkName;
    private volatile String state = "opening";
    private volatile String problem;

    /** {@code logPrefix} names the pipeline in the log, e.g. {@code webrtc}. */
    public SinkWatch(String logPrefix, String sinkName) {
        this.logPrefix = logPrefix;
        this.sinkName = sinkName;
    }

    public String sinkName() {
        return sinkName;
    }

    /** Why the sink cannot be opened, null while it plays (or before the first attempt). */
    public String problem() {
        return problem;
    }

    /** {@code sink}, {@code sink_state} (+ {@code sink_error}) and the pacer's figures. */
    public void putStats(Map<String, Object> stats, AudioPacer pacer) {
        stats.put("sink", sinkName);
        stats.put("sink_state", state);
        String error = problem;
        if (error != null) {
            stats.put("sink_error", error);
        }
        stats.put("played_ms", pacer.playedMillis());
        stats.put("silence_ms", pacer.silenceMillis());
        stats.put("dropped_ms", pacer.droppedMillis());
        stats.put("trimmed_ms", pacer.trimmedMillis());
        stats.put("discarded_ms", pacer.discardedMillis());
        stats.put("buffer_ms", pacer.bufferedMillis());
        stats.put("pacing", pacer.pacing().id());
        stats.put("queued_ms", pacer.bufferedMillis());
        stats.put("flushed_ms", pacer.flushedMillis());
    }

    @Override
    public void sinkOpened(PcmSink sink, Duration outage) {
        problem = null;
        state = "playing";
        LOG.info("[{}] audio sink open sink={} stream=\"{}\" outage_ms={}", logPrefix, sinkName, sink.describe(),
                outage.toMillis());
    }

    @Override
    public void sinkFailed(String error, boolean wasOpen) {
        problem = error == null ? "unknown error" : error;
        state = "unavailable";
        LOG.warn("[{}] audio sink {} sink={} error=\"{}\"", logPrefix, wasOpen ? "lost" : "unavailable", sinkName, error);
    }

    @Override
    public void idle(Duration silentFor) {
        LOG.debug("[{}] audio idle sink={} silent_ms={}", logPrefix, sinkName, silentFor.toMillis());
    }

    @Override
    public void resumed(Duration idleFor) {
        LOG.debug("[{}] audio resumed sink={} idle_ms={}", logPrefix, sinkName, idleFor.toMillis());
    }
}
