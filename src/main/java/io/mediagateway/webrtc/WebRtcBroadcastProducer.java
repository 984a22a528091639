package io.mediagateway.webrtc;

import io.mediagateway.video.I420Frame;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Media in, to every WebRTC viewer of the endpoint's stream: body {@link I420Frame} (a picture) or {@code byte[]} (48 kHz
 * stereo s16le PCM). Started with its route: opens the stream's sources; stopped: closes every viewer and the sources.
 */
public class WebRtcBroadcastProducer extends DefaultProducer {

    private volatile LiveBroadcast broadcast;

    public WebRtcBroadcastProducer(WebRtcEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        WebRtcEndpoint endpoint = (WebRtcEndpoint) getEndpoint();
        broadcast = endpoint.getViewers().open(endpoint.getName());
    }

    @Override
    protected void doStop() throws Exception {
        LiveBroadcast open = broadcast;
        broadcast = null;
        if (open != null) {
            ((WebRtcEndpoint) getEndpoint()).getViewers().close(open, "stream stopped");
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) {
        LiveBroadcast to = broadcast;
        Object body = exchange.getMessage().getBody();
        if (to == null) {
            return;
        }
        if (body instanceof I420Frame picture) {
            to.video(picture);
        } else if (body instanceof byte[] pcm) {
            to.audio(pcm);
        } else {
            throw new IllegalArgumentException("webrtc viewers take I420Frame pictures or byte[] PCM, not "
                    + (body == null ? "null" : body.getClass().getName()));
        }
    }
}
