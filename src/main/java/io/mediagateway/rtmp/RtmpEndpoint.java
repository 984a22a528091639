package io.mediagateway.rtmp;

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
 * {@code rtmp:app/name?media=true}: the events (and optionally the media) of one path of the embedded RTMP server.
 * Publishers and players connect to the server itself ({@code rtmp://host:1935/app/name}); routes only listen.
 */
@UriEndpoint(scheme = "rtmp", title = "Embedded RTMP server", syntax = "rtmp:path", consumerOnly = true,
        category = {Category.NETWORKING}, headersClass = RtmpConstants.class)
public class RtmpEndpoint extends DefaultEndpoint {

    @UriPath(description = "The path: RTMP app and stream name, e.g. live/cam")
    @Metadata(required = true)
    private final String path;
    @UriParam(defaultValue = "false", description = "Also emit every audio/video/metadata message (body: the FLV tag body)")
    private boolean media;
    @UriParam(defaultValue = "256", description = "Media messages waiting for the route before new ones are dropped (counted)")
    private int mediaQueueSize = 256;

    private final RtmpServer server;

    RtmpEndpoint(String uri, RtmpComponent component, String path, RtmpServer server) {
        super(uri, component);
        this.path = path;
        this.server = server;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("rtmp is consumer only: publish to rtmp://<gateway>:" + server.port() + "/" + path);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        RtmpConsumer consumer = new RtmpConsumer(this, processor, server);
        configureConsumer(consumer);
        return consumer;
    }

    public String getPath() { return path; }
    public boolean isMedia() { return media; }
    public void setMedia(boolean media) { this.media = media; }
    public int getMediaQueueSize() { return mediaQueueSize; }
    public void setMediaQueueSize(int mediaQueueSize) { this.mediaQueueSize = Math.max(1, mediaQueueSize); }
}
