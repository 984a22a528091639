package io.mediagateway.audio;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.runtime.ProcessSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Holds one idle playback stream on each of the gateway's sinks while PulseAudio is reachable, so the sinks always run
 * at the gateway's latency. Measured on PulseAudio 16.1: an idle null sink renders 2 s at a time, and a stream that
 * connects to it has its first writes taken only when that cycle ends; the real-time pacer drops what arrives
 * meanwhile, which lost 1.6-2.2 s of the first audio after every configure. With these streams held: 46-89 ms (the
 * pacer's usual trimming). Cost: PulseAudio wakes for each sink held, about 0.8 % of a core per sink while nothing
 * plays ({@code gateway.audio.keep-sinks-ready} turns it off).
 * <p>The streams never carry a sample. One thread owns them (opens and closes them); it checks every 2 s and reopens
 * them on a new server, after the owned daemon restarted, or once the server was unreachable.
 */
public class ReadySinks implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ReadySinks.class);
    private static final long CHECK_MILLIS = 2_000;

    private final GatewayProperties gateway;
    private final PulseAudioSupervisor pulse;
    private final Map<String, PulseAudioSink> held = new LinkedHashMap<>(); // owner thread only
    private String heldOn;          // owner thread only
    private int heldAtRestarts;     // owner thread only
    private volatile Thread owner;

    public ReadySinks(GatewayProperties gateway, PulseAudioSupervisor pulse) {
        this.gateway = gateway;
        this.pulse = pulse;
    }

    @Override
    public synchronized void start() {
        if (!gateway.getAudio().isKeepSinksReady() || owner != null) {
            return;
        }
        owner = new Thread(this::run, "pulse-ready-sinks");
        owner.setDaemon(true);
        owner.start();
    }

    @Override
    public void stop() {
        Thread running;
        synchronized (this) {
            running = owner;
            owner = null;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return owner != null;
    }

    /** Starts after the PulseAudio supervisor and stops before it. */
    @Override
    public int getPhase() {
        return ProcessSupervisor.PHASE + 1;
    }

    /** The sinks held ready right now (for the status and tests). */
    public List<String> heldSinks() {
        synchronized (held) {
            return List.copyOf(held.keySet());
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                hold();
                Thread.sleep(CHECK_MILLIS);
            }
        } catch (InterruptedException e) {
            // stopping
        } finally {
            release();
        }
    }

    private void hold() {
        Optional<String> server = pulse.server();
        boolean stale = server.isEmpty() || !server.get().equals(heldOn) || pulse.restarts() != heldAtRestarts;
        if (stale && heldOn != null) {
            release();
        }
        if (server.isEmpty() || heldOn != null) {
            return;
        }
        heldOn = server.get();
        heldAtRestarts = pulse.restarts();
        for (String sink : List.of(gateway.getPulse().getInputSink(), gateway.getPulse().getOutputSink())) {
            try {
                PulseAudioSink stream = PulsePacers.open(gateway.getAudio(), heldOn, sink,
                        "Media Gateway (keeps the sink ready)");
                synchronized (held) {
                    held.put(sink, stream);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("[pulse] cannot hold sink ready sink={} server={} error=\"{}\"", sink, heldOn, e.getMessage());
            }
        }
        LOG.info("[pulse] sinks held ready sinks={} server={}", heldSinks(), heldOn);
    }

    private void release() {
        synchronized (held) {
            held.values().forEach(PulseAudioSink::close);
            held.clear();
        }
        heldOn = null;
    }
}
