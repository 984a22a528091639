package io.mediagateway.livestream;

import java.util.function.IntSupplier;

import io.mediagateway.http.ApiException;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams as Camel routes made from the templates in routes/livestream-routes.yaml: {@code livestream-rtmp}
 * (desktop → rtmp-push) for internal and remote, {@code livestream-socket} (desktop → stream-socket) for socket,
 * {@code livestream-webrtc} (desktop pictures and sound → webrtc viewers) for webrtc.
 * Each stream's route has the id {@code livestream-<id>}.
 */
public class CamelStreamRoutes implements StreamRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(CamelStreamRoutes.class);

    private final CamelContext camel;
    private final String display;
    private final IntSupplier rtmpPort;

    /**
     * @param rtmpPort the embedded RTMP server's port (read when a stream starts: the server writes the port it bound
     *        back into the settings): internal streams publish to it over loopback
     */
    public CamelStreamRoutes(CamelContext camel, String display, IntSupplier rtmpPort) {
        this.camel = camel;
        this.display = display;
        this.rtmpPort = rtmpPort;
    }

    /** Where an internal stream publishes: the embedded RTMP server on loopback. */
    String internalUrl(String streamId) {
        return "rtmp://127.0.0.1:" + rtmpPort.getAsInt() + "/live/" + streamId;
    }

    @Override
    public void start(StreamSpec spec) {
        String routeId = StreamRoutes.routeId(spec.id());
        TemplatedRouteBuilder route = switch (spec.mode()) {
            case INTERNAL, REMOTE -> TemplatedRouteBuilder.builder(camel, "livestream-rtmp")
                    .parameter("url", spec.mode() == StreamMode.INTERNAL ? internalUrl(spec.id()) : spec.targetUrl());
            case SOCKET -> TemplatedRouteBuilder.builder(camel, "livestream-socket")
                    .parameter("encoding", spec.encoding().id());
            case WEBRTC -> TemplatedRouteBuilder.builder(camel, "livestream-webrtc");
        };
        try {
            route.routeId(routeId)
                    .parameter("streamId", spec.id())
                    .parameter("display", display)
                    .parameter("framerate", String.valueOf(spec.framerate()))
                    .add();
        } catch (RuntimeException e) {
            stop(spec.id());
            ApiException refusal = apiException(e);
            if (refusal != null) {
                throw refusal;
            }
            LOG.warn("[livestream] route failed to start stream={} error=\"{}\"", spec.id(), rootMessage(e));
            throw ApiException.unavailable("The stream could not start: " + rootMessage(e));
        }
    }

    @Override
    public void stop(String streamId) {
        String routeId = StreamRoutes.routeId(streamId);
        try {
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        } catch (Exception e) {
            LOG.warn("[livestream] route failed to stop stream={} error=\"{}\"", streamId, rootMessage(e));
        }
    }

    private static ApiException apiException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
