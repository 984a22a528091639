package io.mediagateway.feed;

import java.util.Map;

import io.mediagateway.video.I420Frame;
import io.mediagateway.video.Mpeg1Segment;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code feed:<name>?broadcaster=#feedBroadcaster}: camera frames (encoded) or passed-through MPEG-1 segments in, live
 * MPEG-1 TS out to every feed viewer.
 */
@UriEndpoint(scheme = "feed", title = "Live feed", syntax = "feed:name", producerOnly = true, category = Category.NETWORKING)
public class FeedEndpoint extends DefaultEndpoint {

    @UriPath(description = "A name for the feed (for route readability and JMX)")
    @Metadata(required = true)
    private String name;
    @UriParam(description = "The broadcaster that owns the viewers")
    @Metadata(required = true)
    private FeedBroadcaster broadcaster;

    FeedEndpoint(String uri, Component component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                if (exchange.getMessage().getBody() instanceof Mpeg1Segment segment) {
                    broadcaster.publish(segment);
                } else {
                    broadcaster.publish(exchange.getMessage().getMandatoryBody(I420Frame.class));
                }
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("feed is producer only: viewers connect to " + FeedBroadcaster.SOCKET_PATH);
    }

    public String getName() { return name; }
    public FeedBroadcaster getBroadcaster() { return broadcaster; }
    public void setBroadcaster(FeedBroadcaster broadcaster) { this.broadcaster = broadcaster; }

    /** The {@code feed} component. */
    public static class Component extends DefaultComponent {
        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
            FeedEndpoint endpoint = new FeedEndpoint(uri, this, remaining);
            setProperties(endpoint, parameters);
            return endpoint;
        }
    }
}
