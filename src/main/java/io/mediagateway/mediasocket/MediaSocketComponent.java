package io.mediagateway.mediasocket;

import java.util.Map;

import io.mediagateway.http.GatewayHttpServer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** The {@code media-socket} component: ordered WebSocket ingest on the gateway's one HTTP port. */
public class MediaSocketComponent extends DefaultComponent {

    private final GatewayHttpServer server;
    private final MediaSocketRegistry registry;

    public MediaSocketComponent(GatewayHttpServer server, MediaSocketRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String path = "/" + remaining.replaceFirst("^/+", "");
        MediaSocketEndpoint endpoint = new MediaSocketEndpoint(uri, this, path, server, registry);
        endpoint.setMaxMessageBytes(server.maxWebSocketMessageBytes());
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
