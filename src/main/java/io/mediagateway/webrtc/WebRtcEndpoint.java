package io.mediagateway.webrtc;

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
 * {@code webrtc:<name>?ingest=#webRtcIngest}: to it, send an SDP offer (String body) and get the answer back
 * ({@code {"type":"answer","sdp":...}} as a Map; the previous publisher is replaced); from it, receive the publisher's
 * decoded media: camera-sized {@link io.mediagateway.video.I420Frame}s and 48 kHz stereo PCM chunks, header
 * {@link WebRtcConstants#KIND} telling which, on libwebrtc's decoding threads.
 */
@UriEndpoint(scheme = "webrtc", title = "WebRTC ingest", syntax = "webrtc:name", category = Category.NETWORKING)
public class WebRtcEndpoint extends DefaultEndpoint {

    @UriPath(description = "A name for the ingest (route readability and JMX)")
    @Metadata(required = true)
    private String name;
    @UriParam(description = "The ingest bean that owns the publisher's peer")
    @Metadata(required = true)
    private WebRtcIngest ingest;

    WebRtcEndpoint(String uri, WebRtcComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        return new WebRtcProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        WebRtcConsumer consumer = new WebRtcConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getName() { return name; }
    public WebRtcIngest getIngest() { return ingest; }
    public void setIngest(WebRtcIngest ingest) { this.ingest = ingest; }
}
