package io.mediagateway.http;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.config.GatewayProperties;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP port. Owns a Vert.x router that Camel's platform-http consumers (REST routes) and the gateway's own
 * WebSocket handlers share. Camel's {@code VertxPlatformHttpServer} keeps its top-level router private, which leaves
 * no place for JSON 404/405/413 answers; so this class builds the router and registers it under the name the
 * platform-http engine looks up.
 */
public class GatewayHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);

    private final Vertx vertx;
    private final GatewayProperties.Http settings;
    private final ObjectMapper json;
    private final Router router;
    private HttpServer server;
    private volatile boolean ready;

    public GatewayHttpServer(Vertx vertx, GatewayProperties.Http settings, ObjectMapper json) {
        this.vertx = vertx;
        this.settings = settings;
        this.json = json;
        this.router = Router.router(vertx);
        router.route().handler(corsHandler());
        router.route().handler(GatewayHttpServer::jsonOnly);
        router.errorHandler(404, ctx -> {
            if (!ready) { // listening comes first (routes attach to this router), endpoints when Camel has started
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                respond(ctx, 503, "The gateway is starting; retry in a moment.");
                return;
            }
            respond(ctx, 404, "No endpoint " + ctx.request().method() + " " + ctx.request().path()
                    + ". docs/api.md lists every endpoint.");
        });
        router.errorHandler(405, ctx -> respond(ctx, 405, "Method " + ctx.request().method() + " is not allowed on "
                + ctx.request().path() + "."));
        router.errorHandler(413, ctx -> respond(ctx, 413, "Request body is larger than " + settings.getMaxBodyBytes()
                + " bytes (gateway.http.max-body-bytes)."));
        router.errorHandler(400, ctx -> respond(ctx, 400, "Bad request: " + failureText(ctx)));
        router.errorHandler(500, ctx -> {
            LOG.warn("[http] unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            respond(ctx, 500, "Internal error: " + failureText(ctx));
        });
    }

    /** Starts listening and registers the router for platform-http consumers. Call before Camel routes start. */
    public void start(CamelContext camel) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHost(settings.getHost()).setPort(settings.getPort())
                // ingest chunks may arrive as one large frame; the message limit is what bounds memory
                .setMaxWebSocketFrameSize(settings.getMaxWebsocketMessageBytes())
                .setMaxWebSocketMessageSize(settings.getMaxWebsocketMessageBytes())
                // no compression: the message limit is checked after inflating, on the event loop, so one deflated
                // 32 KB frame (32 MiB of one byte) froze every client for 20 s; media does not compress anyway
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // nothing here speaks HTTP/2; a malformed h2c upgrade got a 400 that never closed the connection
                .setHttp2ClearTextEnabled(false);
        String unsupportedVersion = errorJson("HTTP version not supported; use HTTP/1.1.");
        String malformedBody = errorJson("Malformed request body: the chunked encoding cannot be decoded.");
        server = vertx.createHttpServer(options)
                .connectionHandler(connection -> ConnectionGuard.install(connection, unsupportedVersion, malformedBody,
                        settings.getMaxWebsocketPendingWriteBytes()))
                .requestHandler(this::handle)
                .invalidRequestHandler(request -> refuseAndClose(request, RequestHeadCheck.decodeFailure(request)))
                .listen()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        int port = server.actualPort();
        String routerName = VertxPlatformHttpRouter.getRouterNameFromPort(port);
        camel.getRegistry().bind(routerName, new VertxPlatformHttpRouter(null, vertx, router, routerName) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                BodyHandler bodies = BodyHandler.create(false).setBodyLimit(settings.getMaxBodyBytes());
                // platform-http pauses the request before its body handler runs
                return ctx -> {
                    ctx.request().resume();
                    bodies.handle(ctx);
                };
            }
        });
        // the platform-http engine derives the router name from the port it finds in this configuration
        VertxPlatformHttpServerConfiguration engineView = new VertxPlatformHttpServerConfiguration();
        engineView.setPort(port);
        camel.getRegistry().bind("gatewayPlatformHttpConfiguration", engineView);
        LOG.info("[http] listening host={} port={}", settings.getHost(), port);
    }

    /** Requests go to the router once their head is sound; Vert.x's own parsers throw on some malformed heads. */
    private void handle(HttpServerRequest request) {
        RequestHeadCheck.Refusal refusal = RequestHeadCheck.refusal(request);
        if (refusal != null) {
            refuseAndClose(request, refusal);
            return;
        }
        try {
            router.handle(request);
        } catch (RuntimeException e) {
            LOG.warn("[http] request refused method={} reason={}", request.method(), e.toString());
            refuseAndClose(request, new RequestHeadCheck.Refusal(400, "Malformed HTTP request."));
        }
    }

    private void refuseAndClose(HttpServerRequest request, RequestHeadCheck.Refusal refusal) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(refusal.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(errorJson(refusal.message()))
                .onComplete(done -> request.connection().close());
    }

    /** Every route has started: a path nothing answers is a 404 from now on, no longer a 503 "starting". */
    public void markReady() {
        ready = true;
    }

    public int port() {
        return server == null ? settings.getPort() : server.actualPort();
    }

    public int maxWebSocketMessageBytes() {
        return settings.getMaxWebsocketMessageBytes();
    }

    /** Where WebSocket endpoints and other non-Camel handlers attach. */
    public Router router() {
        return router;
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Every WebSocket endpoint asks this first: true when the request cannot be upgraded and has been answered, as
     * JSON (426 with {@code notWebSocketMessage} for plain HTTP, 405/400/426 for a handshake Vert.x would refuse).
     */
    public boolean refuseUpgrade(RoutingContext ctx, String notWebSocketMessage) {
        RequestHeadCheck.Refusal refusal = WebSocketHandshakeCheck.refusal(ctx.request(), notWebSocketMessage);
        if (refusal == null) {
            return false;
        }
        if (refusal.status() == 426) {
            ctx.response().putHeader("Sec-WebSocket-Version", "13");
        }
        respond(ctx, refusal.status(), refusal.message());
        return true;
    }

    /** Answers with the API's JSON error shape; used for refusals outside Camel routes (e.g. before a WebSocket upgrade). */
    public void respond(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(errorJson(message));
    }

    private String errorJson(String message) {
        try {
            return json.writeValueAsString(new ErrorBody(message));
        } catch (JsonProcessingException e) {
            return "{\"message\":\"internal error\"}";
        }
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server = null;
            LOG.info("[http] stopped");
        }
    }

    /**
     * The API speaks JSON only. {@code curl -d '{...}'} sends it labelled as a form, which platform-http would parse
     * into headers; relabel forms so the body reaches the JSON reader as sent.
     */
    private static void jsonOnly(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/"))) {
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        ctx.next();
    }

    private CorsHandler corsHandler() {
        CorsHandler cors = CorsHandler.create()
                .allowedMethod(HttpMethod.GET).allowedMethod(HttpMethod.POST).allowedMethod(HttpMethod.OPTIONS)
                .allowedHeader("Content-Type");
        settings.getCorsAllowedOrigins().stream().filter(o -> !"*".equals(o)).forEach(cors::addOrigin);
        return cors;
    }

    private static String failureText(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        return failure == null || failure.getMessage() == null ? "see the gateway log" : failure.getMessage();
    }
}
