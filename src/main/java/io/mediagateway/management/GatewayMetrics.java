package io.mediagateway.management;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.mediagateway.display.XvfbSupervisor;
import io.mediagateway.livestream.LivestreamService;
import io.mediagateway.livestream.StreamOutputs;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.rtmp.RtmpServer;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.VirtualInputService;
import io.mediagateway.virtualinput.pipeline.IngestPipeline;
import io.mediagateway.webrtc.WebRtcEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Prometheus metrics ({@code GET /metrics}). Pipeline figures are not counted twice: each meter reads the same live
 * stats the REST status shows, so a pipeline added later (WebRTC, URL sources) appears here without code in this
 * class. A stat becomes a meter the first time a scrape sees it; while no pipeline has it, it reads 0 (counters) or
 * NaN (gauges).
 */
public class GatewayMetrics {

    /** Stats that go up and down; every other numeric stat only grows while a pipeline lives (a counter). */
    private static final Set<String> GAUGES = Set.of("fps", "buffer_ms", "publishers", "feed_viewers", "viewers",
            "width", "height", "frame_rate", "jitter_ms", "rtt_ms");

    private final PrometheusMeterRegistry registry;
    private final VirtualInputService inputs;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public GatewayMetrics(PrometheusMeterRegistry registry, VirtualInputService inputs, PulseAudioSupervisor pulse,
            XvfbSupervisor display, LivestreamService streams, StreamOutputs outputs, RtmpServer rtmp,
            WebRtcEngine webrtc) {
        this.registry = registry;
        this.inputs = inputs;
        Gauge.builder("mediagateway.virtual.input.running", inputs, s -> s.current().state() == VirtualInputService.State.IDLE ? 0 : 1)
                .description("1 while virtual inputs are configured (running or paused)").register(registry);
        Gauge.builder("mediagateway.virtual.input.paused", inputs, s -> s.current().state() == VirtualInputService.State.PAUSED ? 1 : 0)
                .description("1 while paused").register(registry);
        FunctionCounter.builder("mediagateway.pulseaudio.restarts", pulse, PulseAudioSupervisor::restarts)
                .description("Restarts of the gateway's own PulseAudio daemon").register(registry);
        Gauge.builder("mediagateway.pulseaudio.available", pulse, p -> p.server().isPresent() ? 1 : 0)
                .description("1 while a PulseAudio server is reachable").register(registry);
        FunctionCounter.builder("mediagateway.xvfb.restarts", display, XvfbSupervisor::restarts)
                .description("Restarts of the gateway's own Xvfb").register(registry);
        Gauge.builder("mediagateway.livestreams", streams, s -> s.list().size())
                .description("Livestreams running").register(registry);
        Gauge.builder("mediagateway.livestream.socket.viewers", outputs, StreamOutputs::socketViewers)
                .description("Viewers of socket livestreams (RTMP players are counted in the RTMP connections)")
                .register(registry);
        Gauge.builder("mediagateway.livestream.webrtc.viewers", outputs, StreamOutputs::webrtcViewers)
                .description("WebRTC viewers of webrtc livestreams (connected or connecting)").register(registry);
        Gauge.builder("mediagateway.rtmp.connections", rtmp, RtmpServer::connectionCount)
                .description("Open connections of the embedded RTMP server (publishers and players)").register(registry);
        Gauge.builder("mediagateway.webrtc.peers", webrtc, WebRtcEngine::openPeers)
                .description("Open WebRTC peer connections (native objects owned by the gateway)").register(registry);
        Gauge.builder("mediagateway.rtmp.listening", rtmp, r -> r.listening() ? 1 : 0)
                .description("1 while the embedded RTMP server listens").register(registry);
        Gauge.builder("mediagateway.rtmp.pending.bytes", rtmp, RtmpServer::pendingBytes)
                .description("Bytes of unfinished RTMP messages all connections hold (against gateway.rtmp.max-pending-bytes)")
                .register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        for (IngestPipeline pipeline : inputs.current().pipelines()) {
            for (MediaKind kind : pipeline.kinds()) {
                pipeline.stats(kind).forEach((stat, value) -> {
                    if (value instanceof Number && known.add(kind.id() + "/" + stat)) {
                        register(kind, stat);
                    }
                });
            }
        }
        return registry.scrape();
    }

    private void register(MediaKind kind, String stat) {
        String name = "mediagateway.virtual.input." + stat.replace('_', '.');
        if (GAUGES.contains(stat)) {
            Gauge.builder(name, this, m -> m.read(kind, stat, Double.NaN)).tag("kind", kind.id())
                    .description("Virtual input stat " + stat + " (as in the status's stats)").register(registry);
        } else {
            FunctionCounter.builder(name, this, m -> m.read(kind, stat, 0)).tag("kind", kind.id())
                    .description("Virtual input stat " + stat + " (as in the status's stats; resets on configure)")
                    .register(registry);
        }
    }

    private double read(MediaKind kind, String stat, double absent) {
        return inputs.current().pipeline(kind)
                .map(p -> p.stats(kind))
                .map((Map<String, Object> stats) -> stats.get(stat))
                .filter(Number.class::isInstance)
                .map(v -> ((Number) v).doubleValue())
                .orElse(absent);
    }
}
