package io.mediagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.MediaGatewayApplication;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * CPU and memory of playing a 1280×720 @ 30 fps H.264 file (testsrc2: moving content, ~3 Mbps, looping) into the
 * virtual camera: the gateway's {@code file} source (grabber → decode → fit → real-time pacing → camera clock at 30 fps)
 * in this JVM, against the equivalent FFmpeg command line (JavaCV's bundled ffmpeg: same FFmpeg build and decoder)
 * {@code ffmpeg -re -stream_loop -1 -i clip.mp4 -an -pix_fmt yuv420p -f rawvideo /dev/null}, in the same run. CPU is %
 * of one core over {@value #MEASURE_SECONDS} s after {@value #WARMUP_SECONDS} s of warm-up; the gateway's figure is its
 * whole JVM minus the JVM's idle CPU measured just before; RSS is the process's resident set (the gateway's also as
 * growth over idle). Run: {@code bench/source-file-cpu.sh}.
 */
@CamelSpringBootTest
@SpringBootTest(classes = MediaGatewayApplication.class, properties = {
        "gateway.http.port=0",
        "gateway.rtmp.port=0",
        "gateway.management.enabled=false",
        "gateway.pulse.autostart=false",
        "gateway.pulse.server=unix:/nonexistent/pulse/native",
        "gateway.display.autostart=false",
        "gateway.video.device=/nonexistent/video0",
        "gateway.sources.file-root=target/test-media",
        "logging.level.io.mediagateway=WARN",
})
class SourceFileCpuBench {

    private static final int WARMUP_SECONDS = 5;
    private static final int MEASURE_SECONDS = 20;

    @Autowired
    GatewayHttpServer http;

    @Test
    void cpuAndMemoryOfPlayingA720pFileAgainstFfmpeg() throws Exception {
        Path clip = TestMedia.file("bench-testsrc2-1280x720-30-20s.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=s=1280x720:r=30", "-t", "20", "-c:v", "libopenh264", "-b:v", "3M", "-g", "30",
                "-pix_fmt", "yuv420p"));
        ApiClient api = new ApiClient(http.port());
        long self = ProcessHandle.current().pid();

        Thread.sleep(3000);
        double idleCpu = cpuPercent(self, Duration.ofSeconds(5));
        long idleRss = rssKb(self);

        api.post("/input/devices/virtual/configure", "{\"video\":{\"type\":\"file\",\"url\":\"" + clip.toUri()
                + "\",\"width\":1280,\"height\":720,\"frame_rate\":30}}");
        assertThat(Waits.until(Duration.ofSeconds(20), () -> video(api).path("frames_decoded").asLong() > 30))
                .as("status %s", api.get("/input/devices/virtual/status").body()).isTrue();
        Thread.sleep(WARMUP_SECONDS * 1000L);
        long framesBefore = video(api).path("frames_decoded").asLong();
        double gatewayCpu = cpuPercent(self, Duration.ofSeconds(MEASURE_SECONDS)) - idleCpu;
        long frames = video(api).path("frames_decoded").asLong() - framesBefore;
        long gatewayRss = rssKb(self);
        JsonNode stats = video(api);
        api.post("/input/devices/virtual/stop", null);

        Process ffmpeg = new ProcessBuilder(TestMedia.ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
                "-stream_loop", "-1", "-i", clip.toString(), "-an", "-pix_fmt", "yuv420p", "-f", "rawvideo", "-y",
                "/dev/null").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        double ffmpegCpu;
        long ffmpegRss;
        try {
            Thread.sleep(WARMUP_SECONDS * 1000L);
            ffmpegCpu = cpuPercent(ffmpeg.pid(), Duration.ofSeconds(MEASURE_SECONDS));
            ffmpegRss = rssKb(ffmpeg.pid());
            assertThat(ffmpeg.isAlive()).as("ffmpeg still playing").isTrue();
        } finally {
            ffmpeg.destroyForcibly().waitFor();
        }

        String report = String.format(Locale.ROOT,
                "[source-bench] 1280x720 @ 30 fps H.264 file (testsrc2, 3 Mbps, looping) into the camera; CPU %% of one"
                        + " core over %d s, %d cores%n"
                        + "[source-bench] gateway file source: CPU %.1f %% (JVM idle %.1f %% subtracted), %.1f fps decoded,"
                        + " camera %s fps, RSS %d MB (idle %d MB, +%d MB)%n"
                        + "[source-bench] ffmpeg -re -stream_loop -1 -i clip.mp4 -f rawvideo /dev/null: CPU %.1f %%, RSS %d MB%n"
                        + "[source-bench] ratio gateway/ffmpeg: CPU x%.2f, RSS x%.2f (growth over idle x%.2f)%n",
                MEASURE_SECONDS, Runtime.getRuntime().availableProcessors(), gatewayCpu, idleCpu,
                frames / (double) MEASURE_SECONDS, stats.path("fps").asText(), gatewayRss / 1024, idleRss / 1024,
                (gatewayRss - idleRss) / 1024, ffmpegCpu, ffmpegRss / 1024, gatewayCpu / ffmpegCpu,
                gatewayRss / (double) ffmpegRss, (gatewayRss - idleRss) / (double) ffmpegRss);
        System.out.print(report);
        Files.writeString(Path.of("target/source-file-bench.txt"), report);
    }

    private static JsonNode video(ApiClient api) {
        return api.get("/input/devices/virtual/status").json().path("stats").path("video");
    }

    private static double cpuPercent(long pid, Duration window) throws InterruptedException {
        return ProcessCpu.percentOver(java.util.List.of(pid), window);
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
