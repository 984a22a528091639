package io.mediagateway.camera;

import io.mediagateway.video.FrameConsumer;
import io.mediagateway.video.I420Frame;
import io.mediagateway.video.Mpeg1Segment;
import io.mediagateway.video.VideoIngestStats;
import io.mediagateway.video.VirtualCamera;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code camera:<name>?camera=#virtualCamera}: to it, send decoded frames (the latest wins) or passed-through MPEG-1
 * segments; from it, receive the camera's output: at its frame rate the latest frame, black when stale or paused, and
 * passed-through segments as they come while they are live. See {@link VirtualCamera}.
 */
@UriEndpoint(scheme = "camera", title = "Virtual camera", syntax = "camera:name", category = Category.TRANSFORMATION)
public class CameraEndpoint extends DefaultEndpoint {

    @UriPath(description = "A name for the camera (for route readability and JMX)")
    @Metadata(required = true)
    private String name;
    @UriParam(description = "The camera bean")
    @Metadata(required = true)
    private VirtualCamera camera;
    @UriParam(description = "Counters (frames discarded while paused)")
    private VideoIngestStats stats;

    CameraEndpoint(String uri, CameraComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                Object body = exchange.getMessage().getBody();
                if (body instanceof Mpeg1Segment segment) {
                    if (!camera.offer(segment) && camera.isPaused() && stats != null) {
                        stats.discardedWhilePaused.addAndGet(segment.pictures());
                    }
                } else if (!camera.offer(exchange.getMessage().getMandatoryBody(I420Frame.class))
                        && camera.isPaused() && stats != null) {
                    stats.discardedWhilePaused.incrementAndGet();
                }
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CameraConsumer consumer = new CameraConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getName() { return name; }
    public VirtualCamera getCamera() { return camera; }
    public void setCamera(VirtualCamera camera) { this.camera = camera; }
    public VideoIngestStats getStats() { return stats; }
    public void setStats(VideoIngestStats stats) { this.stats = stats; }

    /** Emits each frame the camera's clock produces (on the clock's thread) and each passed-through segment. */
    static final class CameraConsumer extends FrameConsumer {
        private final java.util.function.Consumer<I420Frame> output = this::emit; // Camel's Consumer is imported
        private final java.util.function.Consumer<Mpeg1Segment> passthrough = this::emit;

        CameraConsumer(CameraEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            ((CameraEndpoint) getEndpoint()).camera.addOutput(output);
            ((CameraEndpoint) getEndpoint()).camera.addPassthroughOutput(passthrough);
        }

        @Override
        protected void doStop() throws Exception {
            ((CameraEndpoint) getEndpoint()).camera.removeOutput(output);
            ((CameraEndpoint) getEndpoint()).camera.removePassthroughOutput(passthrough);
            super.doStop();
        }
    }
}
