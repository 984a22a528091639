package io.mediagateway.source;

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
 * {@code source:<name>?ingest=#sourceIngest}: from it, receive what the configured stream/file sources decode, in real
 * time (paced by the media's timestamps): camera-sized {@link io.mediagateway.video.I420Frame}s and 48 kHz stereo PCM
 * chunks, header {@link SourceConstants#KIND} telling which, on each source's grabber thread.
 */
@UriEndpoint(scheme = "source", title = "Stream and file sources", syntax = "source:name", consumerOnly = true,
        category = Category.TRANSFORMATION)
public class SourceEndpoint extends DefaultEndpoint {

    @UriPath(description = "A name for the source point (route readability and JMX)")
    @Metadata(required = true)
    private String name;
    @UriParam(description = "The ingest bean that owns the configured sources")
    @Metadata(required = true)
    private SourceIngest ingest;

    SourceEndpoint(String uri, SourceComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("source is consumer only: configure a stream/file source through "
                + "POST /input/devices/virtual/configure");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SourceConsumer consumer = new SourceConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getName() { return name; }
    public SourceIngest getIngest() { return ingest; }
    public void setIngest(SourceIngest ingest) { this.ingest = ingest; }
}
