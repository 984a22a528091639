package io.mediagateway.livestream;

import java.util.Map;

import io.mediagateway.config.GatewayProperties;
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
 * {@code rtmp-push:<streamId>?url=RAW(rtmp://host/app/key)}: FLV {@link Segment}s in, published to an RTMP server
 * by an {@link RtmpPush} of this producer's own (reconnects with backoff; never blocks the route).
 */
@UriEndpoint(scheme = "rtmp-push", title = "RTMP push", syntax = "rtmp-push:streamId", producerOnly = true,
        category = Category.NETWORKING)
public class RtmpPushEndpoint extends DefaultEndpoint {

    @UriPath(description = "The stream this push belongs to (its state shows in that stream's StreamInfo)")
    @Metadata(required = true)
    private String streamId;
    @UriParam(description = "rtmp:// or rtmps:// URL to publish to")
    @Metadata(required = true)
    private String url;

    private final StreamOutputs outputs;
    private final GatewayProperties.Livestream settings;

    RtmpPushEndpoint(String uri, Component component, String streamId, StreamOutputs outputs,
            GatewayProperties.Livestream settings) {
        super(uri, component);
        this.streamId = streamId;
        this.outputs = outputs;
        this.settings = settings;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            private RtmpPush push;

            @Override
            protected void doStart() throws Exception {
                super.doStart();
                push = new RtmpPush(streamId, url, settings.getPushQueueBytes(), settings.getReconnectBackoff(),
                        settings.getReconnectBackoffMax(), settings.getPushTimeout());
                outputs.register(streamId, push);
                push.start();
            }

            @Override
            protected void doStop() throws Exception {
                if (push != null) {
                    push.close();
                    outputs.unregister(streamId, push);
                    push = null;
                }
                super.doStop();
            }

            @Override
            public void process(Exchange exchange) throws Exception {
                push.offer(exchange.getMessage().getMandatoryBody(Segment.class));
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("rtmp-push is producer only");
    }

    public String getStreamId() { return streamId; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }

    /** The {@code rtmp-push} component. */
    public static class Component extends DefaultComponent {

        private final StreamOutputs outputs;
        private final GatewayProperties.Livestream settings;

        public Component(StreamOutputs outputs, GatewayProperties.Livestream settings) {
            this.outputs = outputs;
            this.settings = settings;
        }

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
            RtmpPushEndpoint endpoint = new RtmpPushEndpoint(uri, this, remaining, outputs, settings);
            setProperties(endpoint, parameters);
            return endpoint;
        }
    }
}
