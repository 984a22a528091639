package io.mediagateway.livestream;

import io.mediagateway.http.ApiException;
import io.mediagateway.http.GatewayHttpServer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code WS /stream/socket/{id}}: admits viewers of socket streams (404 unknown id, 409 not a socket stream, both JSON
 * and before the upgrade) and hands them to the stream's {@link io.mediagateway.broadcast.LiveViewers}.
 */
public class StreamSocketServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSocketServer.class);

    private final GatewayHttpServer server;
    private final LivestreamService streams;
    private final StreamOutputs outputs;
    private Route route;

    public StreamSocketServer(GatewayHttpServer server, LivestreamService streams, StreamOutputs outputs) {
        this.server = server;
        this.streams = streams;
        this.outputs = outputs;
    }

    public void attach() {
        route = server.router().route(LivestreamApi.SOCKET_PATH + ":id").handler(this::onRequest);
    }

    private void onRequest(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (server.refuseUpgrade(ctx, LivestreamApi.SOCKET_PATH + id + " is a WebSocket endpoint; open "
                + LivestreamApi.SOCKET_PATH + id + "/view to watch.")) {
            return;
        }
        try {
            LivestreamApi.socketStream(streams, id);
        } catch (ApiException e) {
            server.respond(ctx, e.status(), e.getMessage());
            return;
        }
        ctx.request().toWebSocket()
                .onSuccess(socket -> outputs.viewers(id).add(socket))
                .onFailure(e -> LOG.warn("[livestream] viewer upgrade failed stream={} error=\"{}\"", id, e.getMessage()));
    }

    @Override
    public void close() {
        if (route != null) {
            route.remove();
        }
    }
}
