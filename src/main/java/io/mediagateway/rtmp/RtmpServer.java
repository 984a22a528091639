package io.mediagateway.rtmp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.SystemPart;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervisor of the embedded RTMP server: listens on {@code gateway.rtmp.port} on the gateway's shared Vert.x (its
 * event loops, no extra threads), retries with backoff while the port is taken, and closes every connection on stop.
 * It owns the budget all connections share for input they hold ({@code gateway.rtmp.max-pending-bytes}).
 */
public class RtmpServer {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);
    private static final long MAX_RETRY_MS = 30_000;

    private final Vertx vertx;
    private final GatewayProperties.Rtmp settings;
    private final PublishPolicy policy;
    private final RtmpStreams streams;
    private final PendingBudget pendingBudget;
    private final Set<RtmpConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile NetServer server;
    private volatile boolean stopped;
    private volatile String lastError = "not started";
    private long retryMs = 1000;

    public RtmpServer(Vertx vertx, GatewayProperties.Rtmp settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.policy = new PublishPolicy(settings.getPublishKey());
        this.streams = new RtmpStreams(settings.getGopCacheBytes());
        this.pendingBudget = new PendingBudget(settings.getMaxPendingBytes());
    }

    /** Starts listening; waits for the first attempt only (a taken port is retried in the background). */
    public void start() {
        stopped = false;
        try {
            listen().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception failedFirstAttempt) {
            // logged and retried by listen()
        }
    }

    public void stop() {
        stopped = true;
        NetServer current = server;
        server = null;
        connections.forEach(RtmpConnection::close);
        if (current != null) {
            current.close().toCompletionStage().toCompletableFuture().join();
            LOG.info("[rtmp] server stopped");
        }
    }

    /** The port players and publishers connect to (the bound one when configured as 0); -1 while not listening. */
    public int port() {
        NetServer current = server;
        return current == null ? -1 : current.actualPort();
    }

    public boolean listening() {
        return server != null;
    }

    /** Why the server is not listening, when it is not. */
    public String lastError() {
        return lastError;
    }

    /** The server as a part of GET /health. */
    public SystemPart health() {
        int port = port();
        return port > 0 ? new SystemPart("rtmp", true, "RTMP server on " + settings.getHost() + ":" + port + ", "
                + connections.size() + " connections")
                : new SystemPart("rtmp", false, "RTMP server not listening: " + lastError);
    }

    /** {@code rtmp://127.0.0.1:<port>/<path>}: where the gateway's own encoders publish. */
    public String loopbackUrl(String path) {
        return "rtmp://127.0.0.1:" + port() + "/" + path;
    }

    public RtmpStreams streams() {
        return streams;
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Bytes of unfinished messages (and unparsed chunks) all connections hold now: what peers sent, not declared. */
    public long pendingBytes() {
        return pendingBudget.total();
    }

    Vertx vertx() {
        return vertx;
    }

    GatewayProperties.Rtmp settings() {
        return settings;
    }

    PublishPolicy policy() {
        return policy;
    }

    PendingBudget pendingBudget() {
        return pendingBudget;
    }

    void forget(RtmpConnection connection) {
        connections.remove(connection);
    }

    private io.vertx.core.Future<NetServer> listen() {
        NetServer candidate = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
        candidate.connectHandler(socket -> {
            if (stopped) {
                socket.close();
                return;
            }
            RtmpConnection connection = new RtmpConnection(socket, this);
            connections.add(connection);
            connection.start();
        });
        return candidate.listen(settings.getPort(), settings.getHost()).onSuccess(bound -> {
            if (stopped) {
                bound.close();
                return;
            }
            server = bound;
            if (settings.getPort() == 0) {
                // "any free port" (tests): make gateway.rtmp.port the bound one, so rtmp:// URLs built from it are right
                settings.setPort(bound.actualPort());
            }
            retryMs = 1000;
            lastError = null;
            LOG.info("[rtmp] server listening on {}:{}", settings.getHost(), bound.actualPort());
        }).onFailure(e -> {
            lastError = "cannot listen on " + settings.getHost() + ":" + settings.getPort() + ": " + e.getMessage();
            LOG.warn("[rtmp] {}; retrying in {} ms", lastError, retryMs);
            if (!stopped) {
                long delay = retryMs;
                retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
                vertx.setTimer(delay, id -> {
                    if (!stopped && server == null) {
                        listen();
                    }
                });
            }
        });
    }
}
