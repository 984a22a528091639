package io.mediagateway.javacv;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** The {@code javacv} component: FFmpeg (through JavaCV) decode points, connecting producers to consumers by name. */
public class JavaCvComponent extends DefaultComponent {

    private final Map<String, DecodeChannel> channels = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!remaining.startsWith("decode/") || remaining.length() == "decode/".length()) {
            throw new IllegalArgumentException("javacv endpoints are javacv:decode/<name>, not javacv:" + remaining);
        }
        String name = remaining.substring("decode/".length());
        JavaCvEndpoint endpoint = new JavaCvEndpoint(uri, this, name, channels.computeIfAbsent(name, DecodeChannel::new));
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
