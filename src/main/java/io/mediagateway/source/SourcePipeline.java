package io.mediagateway.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.mediagateway.audio.AudioPacer;
import io.mediagateway.audio.SinkWatch;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.video.I420Frame;
import io.mediagateway.video.VirtualCamera;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.SourceType;
import io.mediagateway.virtualinput.VirtualInputConfig;
import io.mediagateway.virtualinput.pipeline.IngestPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stream/file sources of one configuration: one grabber per URL, the camera, the audio pacer. */
final class SourcePipeline implements IngestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePipeline.class);

    private final Set<MediaKind> kinds;
    private final VirtualInputConfig config;
    private final VirtualCamera.Settings video;
    private final AudioPacer pacer;
    private final SinkWatch sink;
    private final SourceIngest ingest;
    private final VirtualCamera camera;
    private final FeedBroadcaster feed;
    private final Map<MediaKind, SourceGrabber> grabbers = new LinkedHashMap<>();
    private final AtomicLong discardedWhilePaused = new AtomicLong();
    private volatile boolean closed;

    SourcePipeline(VirtualInputConfig config, Set<MediaKind> kinds, VirtualCamera.Settings video, AudioPacer pacer,
            SinkWatch sink, SourceIngest ingest, VirtualCamera camera, FeedBroadcaster feed,
            GatewayProperties.Sources settings) {
        this.config = config;
        this.kinds = Set.copyOf(kinds);
        this.video = video;
        this.pacer = pacer;
        this.sink = sink;
        this.ingest = ingest;
        this.camera = camera;
        this.feed = feed;
        SourceGrabber.Output output = new Output();
        if (SourcePipelineFactory.sharesGrabber(config, kinds)) {
            SourceGrabber both = grabber("av", config.video().type(), config.video().url(), config.video().loop(),
                    video, true, output, settings);
            grabbers.put(MediaKind.VIDEO, both);
            grabbers.put(MediaKind.AUDIO, both);
        } else {
            if (video != null) {
                grabbers.put(MediaKind.VIDEO, grabber("video", config.video().type(), config.video().url(),
                        config.video().loop(), video, false, output, settings));
            }
            if (pacer != null) {
                grabbers.put(MediaKind.AUDIO, grabber("audio", config.audio().type(), config.audio().url(),
                        config.audio().loop(), null, true, output, settings));
            }
        }
    }

    private static SourceGrabber grabber(String name, SourceType type, String url, Boolean loop,
            VirtualCamera.Settings box, boolean audio, SourceGrabber.Output output, GatewayProperties.Sources settings) {
        return new SourceGrabber(name, url, type, loop == null || loop, box, audio, output, settings.getOpenTimeout(),
                settings.getReconnectBackoff(), settings.getReconnectBackoffMax());
    }

    @Override
    public Set<MediaKind> kinds() {
        return kinds;
    }

    @Override
    public void start() {
        if (video != null) {
            camera.start(video);
        }
        if (pacer != null) {
            pacer.start();
        }
        ingest.open(this, pacer);
        distinctGrabbers().forEach(SourceGrabber::start);
        LOG.info("[virtual-input] sources started video={} audio={}", describe(MediaKind.VIDEO), describe(MediaKind.AUDIO));
    }

    @Override
    public void setPaused(boolean paused) {
        if (video != null) {
            camera.setPaused(paused);
        }
        if (pacer != null) {
            pacer.setPaused(paused);
        }
    }

    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        distinctGrabbers().forEach(SourceGrabber::close);
        ingest.close(this);
        if (video != null) {
            camera.stop();
        }
        if (pacer != null) {
            pacer.close();
        }
        LOG.info("[virtual-input] sources closed reason=\"{}\"", reason);
    }

    @Override
    public Map<String, Object> stats(MediaKind kind) {
        SourceGrabber grabber = grabbers.get(kind);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("pipeline", config.type(kind).id());
        stats.put("shared_grabber", grabbers.get(MediaKind.VIDEO) == grabbers.get(MediaKind.AUDIO));
        if (kind == MediaKind.VIDEO) {
            stats.putAll(grabber.stats().video());
            stats.put("discarded_while_paused", discardedWhilePaused.get());
            stats.putAll(camera.stats());
            stats.put("feed_viewers", feed.viewers());
        } else {
            stats.putAll(grabber.stats().audio());
            sink.putStats(stats, pacer);
        }
        return stats;
    }

    @Override
    public Optional<String> lastError() {
        for (SourceGrabber grabber : distinctGrabbers()) {
            if (grabber.stats().lastError() != null) {
                return Optional.of(grabber.stats().lastError());
            }
        }
        String problem = sink == null ? null : sink.problem();
        return Optional.ofNullable(problem == null ? null
                : "PulseAudio sink " + sink.sinkName() + " unavailable: " + problem + " (retrying).");
    }

    private List<SourceGrabber> distinctGrabbers() {
        List<SourceGrabber> distinct = new ArrayList<>();
        grabbers.values().forEach(g -> {
            if (!distinct.contains(g)) {
                distinct.add(g);
            }
        });
        return distinct;
    }

    private String describe(MediaKind kind) {
        return config.type(kind) == null || !grabbers.containsKey(kind) ? "none"
                : config.type(kind).id() + ":" + (kind == MediaKind.VIDEO ? config.video().url() : config.audio().url());
    }

    /** Grabber output: to the route through the ingest, while this pipeline is the open one. */
    private final class Output implements SourceGrabber.Output {
        @Override
        public boolean video(I420Frame frame) {
            if (camera.isPaused()) {
                discardedWhilePaused.incrementAndGet();
            }
            return ingest.video(SourcePipeline.this, frame);
        }

        @Override
        public boolean audio(byte[] pcm) {
            return ingest.audio(SourcePipeline.this, pcm);
        }
    }
}
