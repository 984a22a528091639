package io.mediagateway.rtmp;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** The {@code rtmp} component: routes tap the embedded RTMP server's paths ({@code rtmp:live/cam?media=true}). */
public class RtmpComponent extends DefaultComponent {

    private final RtmpServer server;

    public RtmpComponent(RtmpServer server) {
        this.server = server;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RtmpEndpoint endpoint = new RtmpEndpoint(uri, this, remaining.replaceAll("^/+|/+$", ""), server);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
