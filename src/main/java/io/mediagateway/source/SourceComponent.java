package io.mediagateway.source;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** The {@code source} component: {@code source:<name>?ingest=#sourceIngest}. See {@link SourceEndpoint}. */
public class SourceComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SourceEndpoint endpoint = new SourceEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
