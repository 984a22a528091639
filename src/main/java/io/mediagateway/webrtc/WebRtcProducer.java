package io.mediagateway.webrtc;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** SDP offer in (String body), answer out (Map body). 400/409 as {@link io.mediagateway.http.ApiException}. */
public class WebRtcProducer extends DefaultProducer {

    public WebRtcProducer(WebRtcEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) {
        String sdp = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(((WebRtcEndpoint) getEndpoint()).getIngest().offer(sdp));
    }
}
