package io.mediagateway.webrtc;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code webrtc} component: {@code webrtc:<name>?ingest=#webRtcIngest} (the ingest publisher) and
 * {@code webrtc:<stream>?viewers=#webRtcViewers} (a livestream's viewers). See {@link WebRtcEndpoint}.
 */
public class WebRtcComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        WebRtcEndpoint endpoint = new WebRtcEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
