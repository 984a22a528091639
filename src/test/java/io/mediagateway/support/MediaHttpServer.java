package io.mediagateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A media server for source tests: the JDK's HTTP server on loopback serving byte arrays at paths (404 otherwise),
 * each request answered as fast as the client reads. Can be stopped and started again on the same port.
 */
public final class MediaHttpServer implements AutoCloseable {

    private final Map<String, Served> content = new ConcurrentHashMap<>();
    private volatile HttpServer server;
    private volatile ExecutorService executor;
    private int port;

    private record Served(byte[] body, String type) {
    }

    public static MediaHttpServer start() throws IOException {
        MediaHttpServer media = new MediaHttpServer();
        media.listen(0);
        return media;
    }

    public MediaHttpServer serve(String path, byte[] body, String contentType) {
        content.put(path, new Served(body, contentType));
        return this;
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Closes the listening socket and every open response: clients see the connection drop. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void restart() throws IOException {
        stop();
        listen(port);
    }

    private synchronized void listen(int wanted) throws IOException {
        HttpServer next = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 0);
        next.createContext("/", exchange -> {
            Served served = content.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (served == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", served.type());
                exchange.sendResponseHeaders(200, served.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(served.body());
                }
            } catch (IOException e) {
                // the client went away
            }
        });
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "media-http-server");
            t.setDaemon(true);
            return t;
        });
        next.setExecutor(executor);
        next.start();
        server = next;
        port = next.getAddress().getPort();
    }

    @Override
    public void close() {
        stop();
    }
}
