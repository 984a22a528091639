package io.mediagateway.mediasocket;

import io.mediagateway.http.GatewayHttpServer;
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
 * {@code media-socket:/path?greeting=mpegts&gate=#bean}: a WebSocket on the gateway's HTTP port whose binary messages
 * reach the route strictly in arrival order. (Camel's vertx-websocket consumer dispatches unordered; media chunks
 * cannot be.)
 */
@UriEndpoint(scheme = "media-socket", title = "Media WebSocket", syntax = "media-socket:path", consumerOnly = true,
        category = {Category.NETWORKING, Category.HTTP}, headersClass = MediaSocketConstants.class)
public class MediaSocketEndpoint extends DefaultEndpoint {

    @UriPath(description = "HTTP path of the WebSocket, e.g. /input/devices/virtual/socket/video")
    @Metadata(required = true)
    private String path;
    @UriParam(description = "Text frame sent once after the upgrade (e.g. the expected format)")
    private String greeting;
    @UriParam(description = "Decides before the upgrade whether a publisher may connect (409 otherwise)")
    private MediaSocketGate gate = MediaSocketGate.OPEN;
    @UriParam(description = "Told at once when a publisher flushes (text {\"type\":\"flush\"} or close code 4000)")
    private MediaSocketFlush flush = MediaSocketFlush.NONE;
    @UriParam(defaultValue = "1", description = "Publishers allowed at once on this path")
    private int maxPublishers = 1;
    @UriParam(defaultValue = "32", description = "Pending chunks per connection before reading pauses (flow control)")
    private int queueHighWater = 32;
    @UriParam(description = "Largest binary message; larger ones close the socket with 1009. Default: gateway.http.max-websocket-message-bytes")
    private int maxMessageBytes;

    private final GatewayHttpServer server;
    private final MediaSocketRegistry registry;

    MediaSocketEndpoint(String uri, MediaSocketComponent component, String path, GatewayHttpServer server,
            MediaSocketRegistry registry) {
        super(uri, component);
        this.path = path;
        this.server = server;
        this.registry = registry;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("media-socket is consumer only: publishers connect to it");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        MediaSocketConsumer consumer = new MediaSocketConsumer(this, processor, server, registry);
        configureConsumer(consumer);
        return consumer;
    }

    public String getPath() { return path; }
    public String getGreeting() { return greeting; }
    public void setGreeting(String greeting) { this.greeting = greeting; }
    public MediaSocketGate getGate() { return gate; }
    public void setGate(MediaSocketGate gate) { this.gate = gate; }
    public MediaSocketFlush getFlush() { return flush; }
    public void setFlush(MediaSocketFlush flush) { this.flush = flush; }
    public int getMaxPublishers() { return maxPublishers; }
    public void setMaxPublishers(int maxPublishers) { this.maxPublishers = maxPublishers; }
    public int getMaxMessageBytes() { return maxMessageBytes; }
    public void setMaxMessageBytes(int maxMessageBytes) { this.maxMessageBytes = maxMessageBytes; }
    public int getQueueHighWater() { return queueHighWater; }
    public void setQueueHighWater(int queueHighWater) { this.queueHighWater = Math.max(2, queueHighWater); }
}
