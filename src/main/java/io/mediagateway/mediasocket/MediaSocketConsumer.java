package io.mediagateway.mediasocket;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.mediagateway.http.GatewayHttpServer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches the endpoint's path to the gateway's router, admits publishers (gate, one per path by default) and emits
 * their events, in order and one at a time, on a serial executor of its own.
 */
public class MediaSocketConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSocketConsumer.class);

    private final GatewayHttpServer server;
    private final MediaSocketRegistry registry;
    private final AtomicLong textFrames = new AtomicLong();
    private final AtomicLong droppedAfterClose = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong chunksFlushed = new AtomicLong();
    private ExecutorService serial;
    private Route route;

    public MediaSocketConsumer(MediaSocketEndpoint endpoint, Processor processor, GatewayHttpServer server,
            MediaSocketRegistry registry) {
        super(endpoint, processor);
        this.server = server;
        this.registry = registry;
    }

    @Override
    public MediaSocketEndpoint getEndpoint() {
        return (MediaSocketEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        serial = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "media-socket" + getEndpoint().getPath());
        route = server.router().route(getEndpoint().getPath()).handler(this::onRequest);
    }

    @Override
    protected void doStop() throws Exception {
        if (route != null) {
            route.remove();
            route = null;
        }
        registry.close(getEndpoint().getPath(), "gateway shutting down");
        if (serial != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(serial);
            serial = null;
        }
        super.doStop();
    }

    /** Text frames the publishers sent (ignored: ingest is binary). */
    public long textFramesIgnored() {
        return textFrames.get();
    }

    void textFrameIgnored() {
        textFrames.incrementAndGet();
    }

    /** Chunks a publisher had queued when the gateway closed it: dropped, never routed. */
    public long chunksDroppedAfterClose() {
        return droppedAfterClose.get();
    }

    /** On the connection's event loop: the publisher flushed; the endpoint's flush listener drops what the route holds. */
    void flushRequested(MediaSocketConnection connection) {
        flushes.incrementAndGet();
        getEndpoint().getFlush().flush(getEndpoint().getPath(), connection.id());
    }

    void chunkFlushed() {
        chunksFlushed.incrementAndGet();
    }

    /** Flush requests publishers made (text frame or close code 4000). */
    public long flushes() {
        return flushes.get();
    }

    /** Chunks still queued in the socket when their publisher flushed: dropped, not routed. */
    public long chunksFlushed() {
        return chunksFlushed.get();
    }

    void chunkDroppedAfterClose() {
        droppedAfterClose.incrementAndGet();
    }

    void dispatch(Runnable task) {
        serial.execute(task);
    }

    private void onRequest(RoutingContext ctx) {
        String path = getEndpoint().getPath();
        if (server.refuseUpgrade(ctx, path + " is a WebSocket endpoint: connect with a WebSocket client (ws:// or wss://).")) {
            return;
        }
        Optional<String> refusal = getEndpoint().getGate().refusal(path);
        if (refusal.isPresent()) {
            server.respond(ctx, 409, refusal.get());
            return;
        }
        MediaSocketConnection connection = new MediaSocketConnection(this, getEndpoint().getQueueHighWater(),
                getEndpoint().getMaxMessageBytes());
        if (!registry.tryAdd(path, connection, getEndpoint().getMaxPublishers())) {
            server.respond(ctx, 409, "A publisher is already connected to " + path + "; only "
                    + getEndpoint().getMaxPublishers() + " at a time. Close it first, or POST /input/devices/virtual/stop.");
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> connection.attach(ws, getEndpoint().getGreeting())).onFailure(e -> {
            registry.remove(path, connection);
            LOG.warn("[virtual-input] websocket upgrade failed path={} error=\"{}\"", path, e.getMessage());
        });
    }

    /** Runs on the serial executor: one event of one connection through the route. */
    void emit(MediaSocketConnection connection, String event, Object payload, long sequence) {
        if (MediaSocketConstants.DISCONNECTED.equals(event)) {
            registry.remove(getEndpoint().getPath(), connection);
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setHeader(MediaSocketConstants.EVENT, event);
            exchange.getMessage().setHeader(MediaSocketConstants.CONNECTION_ID, connection.id());
            if (MediaSocketConstants.DATA.equals(event)) {
                exchange.getMessage().setHeader(MediaSocketConstants.SEQUENCE, sequence);
                exchange.getMessage().setBody(payload);
            } else if (MediaSocketConstants.DISCONNECTED.equals(event)) {
                exchange.getMessage().setHeader(MediaSocketConstants.CLOSE_REASON, payload);
            }
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("media-socket " + event + " failed", exchange, exchange.getException());
            }
        } catch (Exception e) {
            getExceptionHandler().handleException("media-socket " + event + " failed", exchange, e);
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
