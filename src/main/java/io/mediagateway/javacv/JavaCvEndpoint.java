package io.mediagateway.javacv;

import java.util.function.BooleanSupplier;

import io.mediagateway.video.VideoIngestStats;
import io.mediagateway.video.VirtualCamera;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code javacv:decode/<name>}: to it, send a publisher's MPEG-TS chunks in order (media-socket events: connected,
 * data, disconnected); from it, receive the decoded {@link io.mediagateway.video.I420Frame}s at the camera's size, or,
 * when the input is MPEG-1 at exactly the camera's size and rate and {@code framesNeeded} is false, the video passed
 * through undecoded as {@link io.mediagateway.video.Mpeg1Segment}s (see {@link TsVideoIngest}).
 */
@UriEndpoint(scheme = "javacv", title = "JavaCV decoder", syntax = "javacv:decode/name", category = Category.TRANSFORMATION)
public class JavaCvEndpoint extends DefaultEndpoint {

    @UriPath(description = "Name of the decode point; producer and consumer with the same name are connected")
    @Metadata(required = true)
    private String name;
    @UriParam(defaultValue = "mpegts", description = "Container of the input (mpegts)")
    private String format = "mpegts";
    @UriParam(description = "The camera whose size and rate the frames are fitted to")
    @Metadata(required = true)
    private VirtualCamera camera;
    @UriParam(description = "Where the counters go")
    @Metadata(required = true)
    private VideoIngestStats stats;
    @UriParam(description = "Asked when a publisher connects: true when something needs decoded pictures (a camera "
            + "device), so MPEG-1 is decoded rather than passed through. Default: passthrough allowed")
    private BooleanSupplier framesNeeded;

    private final DecodeChannel channel;

    JavaCvEndpoint(String uri, JavaCvComponent component, String name, DecodeChannel channel) {
        super(uri, component);
        this.name = name;
        this.channel = channel;
    }

    @Override
    public Producer createProducer() {
        return new JavaCvDecodeProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        JavaCvDecodeConsumer consumer = new JavaCvDecodeConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    DecodeChannel channel() {
        return channel;
    }

    public String getName() { return name; }
    public String getFormat() { return format; }
    public void setFormat(String format) {
        if (!"mpegts".equals(format)) {
            throw new IllegalArgumentException("javacv:decode supports format=mpegts, not " + format);
        }
        this.format = format;
    }
    public VirtualCamera getCamera() { return camera; }
    public void setCamera(VirtualCamera camera) { this.camera = camera; }
    public VideoIngestStats getStats() { return stats; }
    public void setStats(VideoIngestStats stats) { this.stats = stats; }
    public BooleanSupplier getFramesNeeded() { return framesNeeded; }
    public void setFramesNeeded(BooleanSupplier framesNeeded) { this.framesNeeded = framesNeeded; }
}
