package io.mediagateway.rtmp;

import java.util.function.Consumer;

import io.mediagateway.config.GatewayProperties;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** The RTMP server alone on a free port, with its own Vert.x (no Spring context): fast, and isolated per test class. */
final class RtmpTestServer implements AutoCloseable {

    final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    final RtmpServer server;

    RtmpTestServer() {
        this(settings -> { });
    }

    RtmpTestServer(Consumer<GatewayProperties.Rtmp> configure) {
        GatewayProperties.Rtmp settings = new GatewayProperties().getRtmp();
        settings.setPort(0);
        configure.accept(settings);
        server = new RtmpServer(vertx, settings);
        server.start();
        if (!server.listening()) {
            throw new IllegalStateException(server.lastError());
        }
    }

    int port() {
        return server.port();
    }

    String url(String path) {
        return "rtmp://127.0.0.1:" + port() + "/" + path;
    }

    @Override
    public void close() {
        server.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
