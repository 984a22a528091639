package io.mediagateway.livestream;

import java.util.Map;

import io.mediagateway.broadcast.LiveViewers;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code stream-socket:<streamId>}: TS or MP3 {@link Segment}s in, sent live to every WebSocket viewer of
 * {@code /stream/socket/<streamId>} (each from the next keyframe; slow viewers dropped, never waited for).
 */
@UriEndpoint(scheme = "stream-socket", title = "Livestream socket", syntax = "stream-socket:streamId",
        producerOnly = true, category = Category.NETWORKING)
public class StreamSocketEndpoint extends DefaultEndpoint {

    /** A socket stream is streaming while its encoder produced within this long. */
    private static final long LIVE_NANOS = 2_000_000_000L;

    @UriPath(description = "The stream whose viewers receive the segments")
    @Metadata(required = true)
    private String streamId;

    private final StreamOutputs outputs;

    StreamSocketEndpoint(String uri, Component component, String streamId, StreamOutputs outputs) {
        super(uri, component);
        this.streamId = streamId;
        this.outputs = outputs;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            private volatile long lastNanos;
            private final OutputState state = new OutputState() {
                @Override
                public boolean streaming() {
                    return lastNanos != 0 && System.nanoTime() - lastNanos < LIVE_NANOS;
                }

                @Override
                public String lastError() {
                    return null;
                }

                @Override
                public Integer viewers() {
                    return outputs.viewers(streamId).size();
                }
            };
            private LiveViewers viewers;

            @Override
            protected void doStart() throws Exception {
                super.doStart();
                viewers = outputs.viewers(streamId);
                outputs.register(streamId, state);
            }

            @Override
            protected void doStop() throws Exception {
                outputs.unregister(streamId, state);
                super.doStop();
            }

            @Override
            public void process(Exchange exchange) throws Exception {
                Segment segment = exchange.getMessage().getMandatoryBody(Segment.class);
                if (!segment.init()) {
                    lastNanos = System.nanoTime();
                    viewers.send(segment.bytes(), segment.keyframe());
                }
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("stream-socket is producer only: viewers connect to /stream/socket/{id}");
    }

    public String getStreamId() { return streamId; }

    /** The {@code stream-socket} component. */
    public static class Component extends DefaultComponent {

        private final StreamOutputs outputs;

        public Component(StreamOutputs outputs) {
            this.outputs = outputs;
        }

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
            StreamSocketEndpoint endpoint = new StreamSocketEndpoint(uri, this, remaining, outputs);
            setProperties(endpoint, parameters);
            return endpoint;
        }
    }
}
