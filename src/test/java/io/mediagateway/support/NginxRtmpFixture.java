package io.mediagateway.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx with the RTMP module on a free loopback port (application {@code live}), for pushing to and playing
 * from. {@link #stop()} and {@link #restart()} let a test take the server away and bring it back on the same port.
 */
public final class NginxRtmpFixture implements AutoCloseable {

    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    private final Path dir;
    private final int port;
    private Process process;

    private NginxRtmpFixture(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static NginxRtmpFixture start(Path dir) throws IOException, InterruptedException {
        SystemTools.requireBinaries("nginx libnginx-mod-rtmp", "nginx");
        if (!Files.exists(MODULE)) {
            SystemTools.requireBinaries("libnginx-mod-rtmp", "ngx_rtmp_module.so (" + MODULE + ")");
        }
        Files.createDirectories(dir.resolve("logs"));
        NginxRtmpFixture fixture = new NginxRtmpFixture(dir.toAbsolutePath(), freePort());
        fixture.restart();
        return fixture;
    }

    public int port() {
        return port;
    }

    /** rtmp://127.0.0.1:port/live/{name} */
    public String url(String name) {
        return "rtmp://127.0.0.1:" + port + "/live/" + name;
    }

    public synchronized void restart() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path conf = Files.writeString(dir.resolve("nginx.conf"), """
                load_module %s;
                daemon off;
                master_process off;
                error_log %s/logs/error.log warn;
                pid %s/nginx.pid;
                events { worker_connections 256; }
                rtmp { server { listen 127.0.0.1:%d; chunk_size 4096; application live { live on; } } }
                """.formatted(MODULE, dir, dir, port));
        process = new ProcessBuilder("nginx", "-c", conf.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        Process started = process;
        Waits.until(Duration.ofSeconds(20), () -> !started.isAlive() || listening());
        if (!started.isAlive()) {
            throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("logs/stdout.log")));
        }
    }

    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
