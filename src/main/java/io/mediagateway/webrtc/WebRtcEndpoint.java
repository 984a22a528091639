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
 * Two roles, chosen by the option given:
 * <ul>
 * <li>{@code webrtc:<name>?ingest=#webRtcIngest}: to it, send an SDP offer (String body) and get the answer back
 * ({@code {"type":"answer","sdp":...}} as a Map; the previous publisher is replaced); from it, receive the publisher's
 * decoded media: camera-sized {@link io.mediagateway.video.I420Frame}s and 48 kHz stereo PCM chunks, header
 * {@link WebRtcConstants#KIND} telling which, on libwebrtc's decoding threads.</li>
 * <li>{@code webrtc:<stream>?viewers=#webRtcViewers}: to it, send pictures ({@link io.mediagateway.video.I420Frame})
 * and 48 kHz stereo PCM ({@code byte[]}); every WebRTC viewer of that stream gets them as VP8 and Opus. Viewers join by
 * {@link WebRtcViewers#offer} (POST /stream/webrtc/offer).</li>
 * </ul>
 */
@UriEndpoint(scheme = "webrtc", title = "WebRTC ingest and viewers", syntax = "webrtc:name",
        category = Category.NETWORKING)
public class WebRtcEndpoint extends DefaultEndpoint {

    @UriPath(description = "A name for the ingest, or the stream whose viewers a viewers endpoint feeds")
    @Metadata(required = true)
    private String name;
    @UriParam(description = "The ingest bean that owns the publisher's peer (ingest role)")
    private WebRtcIngest ingest;
    @UriParam(description = "The viewers bean that owns the livestreams' viewer peers (viewers role, producer only)")
    private WebRtcViewers viewers;

    WebRtcEndpoint(String uri, WebRtcComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        requireOneRole();
        return viewers != null ? new WebRtcBroadcastProducer(this) : new WebRtcProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        requireOneRole();
        if (ingest == null) {
            throw new IllegalArgumentException("webrtc:" + name + " with viewers is producer only: viewers are peers");
        }
        WebRtcConsumer consumer = new WebRtcConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    private void requireOneRole() {
        if ((ingest == null) == (viewers == null)) {
            throw new IllegalArgumentException("webrtc:" + name + " needs exactly one of ingest=#webRtcIngest or "
                    + "viewers=#webRtcViewers");
        }
    }

    public String getName() { return name; }
    public WebRtcViewers getViewers() { return viewers; }
    public void setViewers(WebRtcViewers viewers) { this.viewers = viewers; }
    public WebRtcIngest getIngest() { return ingest; }
    public void setIngest(WebRtcIngest ingest) { this.ingest = ingest; }
}
