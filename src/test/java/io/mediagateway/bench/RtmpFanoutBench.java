package io.mediagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.mediagateway.rtmp.RtmpTestClient;
import io.mediagateway.support.Commands;
import io.mediagateway.support.SystemTools;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * RTMP fan-out: one ffmpeg publisher at about 2 Mbps (H.264 + AAC, stream copy of a generated file, real time) and
 * N players (lightweight clients that count bytes) on the gateway's embedded server and on nginx-rtmp, side by side
 * in the same run. A player is sustained when it stayed connected and received at least 90 % of the publisher's
 * rate over the window. Server CPU is read from /proc (both servers run as their own processes; the publisher and the
 * players run elsewhere and are not counted).
 *
 * <p>Run: {@code bench/rtmp-fanout.sh} (needs nginx + libnginx-mod-rtmp and a packaged jar). Not part of the suite.
 */
class RtmpFanoutBench {

    private static final int[] PLAYERS = {10, 50, 100, 200, 400};
    private static final int WINDOW_SECONDS = 10;
    private static final double SUSTAINED = 0.9;

    record Result(String server, int players, int sustained, int disconnected, double minKbps, double cpuPercent) {
        double cpuPerPlayer() {
            return cpuPercent / players;
        }
    }

    @Test
    void fanOutAgainstNginxRtmp() throws Exception {
        SystemTools.requireBinaries("nginx libnginx-mod-rtmp", "nginx");
        Path nginxModule = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");
        assertThat(nginxModule).as("apt-get install libnginx-mod-rtmp").exists();
        Path work = Files.createDirectories(Path.of("target/bench-rtmp").toAbsolutePath());
        Path media = source(work);
        double sourceKbps = Files.size(media) * 8 / 1000.0 / 20;

        GatewayProcess gateway = GatewayProcess.start(work.resolve("gateway.log"), "");
        int nginxRtmp = GatewayProcess.freePort();
        Files.writeString(work.resolve("nginx.conf"), "load_module " + nginxModule + ";\ndaemon off;\nworker_processes 1;\n"
                + "pid " + work.resolve("nginx.pid") + ";\nerror_log " + work.resolve("nginx-error.log") + " warn;\n"
                + "events { worker_connections 4096; }\n"
                + "rtmp { server { listen 127.0.0.1:" + nginxRtmp + "; application live { live on; } } }\n");
        Process nginx = new ProcessBuilder("nginx", "-c", work.resolve("nginx.conf").toString(), "-p", work.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("nginx.log").toFile()).start();
        List<Result> results = new ArrayList<>();
        try {
            for (var server : List.of(new Object[] {"gateway", gateway.rtmpPort(), gateway.pid()},
                    new Object[] {"nginx-rtmp", nginxRtmp, nginx.pid()})) {
                String name = (String) server[0];
                int port = (Integer) server[1];
                long pid = (Long) server[2];
                assertThat(Waits.until(Duration.ofSeconds(120), () -> listening(port))).as(name + " listening").isTrue();
                Process publisher = new ProcessBuilder(TestMedia.ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin",
                        "-re", "-stream_loop", "-1", "-i", media.toString(), "-c", "copy", "-f", "flv",
                        "rtmp://127.0.0.1:" + port + "/live/bench").redirectErrorStream(true)
                        .redirectOutput(work.resolve(name + "-publisher.log").toFile()).start();
                try {
                    Thread.sleep(2000); // publisher connected and past its first GOP before players arrive
                    measure(name, port, pid, 50, sourceKbps); // warm-up (the JVM's JIT), not counted
                    for (int players : PLAYERS) {
                        results.add(measure(name, port, pid, players, sourceKbps));
                        Result last = results.get(results.size() - 1);
                        System.out.printf(Locale.ROOT, "rtmp fan-out: %-10s players=%3d sustained=%3d disconnected=%3d min=%.0f kbps cpu=%.1f%% (%.3f%%/player)%n",
                                name, players, last.sustained(), last.disconnected(), last.minKbps(), last.cpuPercent(), last.cpuPerPlayer());
                    }
                } finally {
                    publisher.destroy();
                    publisher.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            gateway.close();
            nginx.destroy();
            nginx.waitFor(20, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "rtmp fan-out summary (source %.0f kbps, %d s windows, sustained = >= %.0f %% of the source rate):%n",
                sourceKbps, WINDOW_SECONDS, SUSTAINED * 100);
        for (int players : PLAYERS) {
            Result ours = find(results, "gateway", players);
            Result base = find(results, "nginx-rtmp", players);
            System.out.printf(Locale.ROOT, "  %3d players: gateway %3d sustained, cpu %.1f%% | nginx-rtmp %3d sustained, cpu %.1f%% | cpu ratio gateway/nginx %.2f%n",
                    players, ours.sustained(), ours.cpuPercent(), base.sustained(), base.cpuPercent(),
                    ours.cpuPercent() / Math.max(0.1, base.cpuPercent()));
        }
        System.out.printf(Locale.ROOT, "  max players sustained without drops: gateway %d, nginx-rtmp %d%n",
                maxSustained(results, "gateway"), maxSustained(results, "nginx-rtmp"));
    }

    private static Result measure(String name, int port, long serverPid, int count, double sourceKbps) throws Exception {
        List<RtmpTestClient> clients = new ArrayList<>();
        List<AtomicLong> received = new ArrayList<>();
        List<AtomicBoolean> ended = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                RtmpTestClient client = RtmpTestClient.connect("127.0.0.1", port, "live");
                client.play("bench");
                client.timeout(Duration.ofSeconds(30));
                AtomicLong bytes = new AtomicLong();
                AtomicBoolean end = new AtomicBoolean();
                Thread reader = new Thread(() -> {
                    byte[] buffer = new byte[64 * 1024];
                    try {
                        int n;
                        while ((n = client.readRaw(buffer)) >= 0) {
                            bytes.addAndGet(n);
                        }
                    } catch (IOException closed) {
                        // ended below
                    }
                    end.set(true);
                }, "bench-player-" + i);
                reader.setDaemon(true);
                reader.start();
                clients.add(client);
                received.add(bytes);
                ended.add(end);
                readers.add(reader);
            }
            Thread.sleep(3000); // every player past its start-up burst (the cached GOP)
            long[] before = received.stream().mapToLong(AtomicLong::get).toArray();
            long cpuBefore = cpuTicks(serverPid);
            long start = System.nanoTime();
            Thread.sleep(WINDOW_SECONDS * 1000L);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (cpuTicks(serverPid) - cpuBefore) / 100.0 / seconds * 100;
            int sustained = 0;
            int disconnected = 0;
            double minKbps = Double.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                double kbps = (received.get(i).get() - before[i]) * 8 / 1000.0 / seconds;
                minKbps = Math.min(minKbps, kbps);
                if (ended.get(i).get()) {
                    disconnected++;
                } else if (kbps >= SUSTAINED * sourceKbps) {
                    sustained++;
                }
            }
            return new Result(name, count, sustained, disconnected, minKbps, cpu);
        } finally {
            for (RtmpTestClient client : clients) {
                client.close();
            }
            for (Thread reader : readers) {
                reader.join(5000);
            }
            Thread.sleep(1000);
        }
    }

    /** 20 s of 1280×720 @ 25 fps H.264 (~1.9 Mbps) + AAC 128 kbps in FLV, generated once. */
    private static Path source(Path work) {
        Path media = work.resolve("source-2mbps.flv");
        if (!Files.exists(media)) {
            Commands.Result result = Commands.run(List.of(TestMedia.ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                    "-t", "20", "-c:v", "libopenh264", "-b:v", "1870k", "-g", "50", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-b:a", "128k", "-f", "flv", media.toString()), java.util.Map.of(), Duration.ofMinutes(5));
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
        return media;
    }

    private static Result find(List<Result> results, String server, int players) {
        return results.stream().filter(r -> r.server().equals(server) && r.players() == players).findFirst().orElseThrow();
    }

    private static int maxSustained(List<Result> results, String server) {
        return results.stream().filter(r -> r.server().equals(server) && r.sustained() == r.players())
                .mapToInt(Result::players).max().orElse(0);
    }

    /** utime + stime of the process and its children threads/processes (nginx's worker is a child of its master). */
    private static long cpuTicks(long pid) throws IOException {
        long total = ProcessCpu.ticks(pid);
        Path children = Path.of("/proc/" + pid + "/task/" + pid + "/children");
        if (Files.exists(children)) {
            for (String child : Files.readString(children).trim().split("\\s+")) {
                if (!child.isEmpty()) {
                    total += ProcessCpu.ticks(Long.parseLong(child));
                }
            }
        }
        return total;
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
