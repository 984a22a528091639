package io.mediagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.mediagateway.MediaGatewayApplication;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.livestream.CaptureSupervisor;
import io.mediagateway.livestream.LivestreamService;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.MediaProbe;
import io.mediagateway.support.NginxRtmpFixture;
import io.mediagateway.support.ScreenPainter;
import io.mediagateway.support.SharedPulseAudio;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.TonePlayer;
import io.mediagateway.support.Waits;
import io.mediagateway.support.XvfbFixture;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * CPU of livestreaming the desktop: a 1280×720 Xvfb animated at 20 fps (moving bars and blocks, so encoders work as on
 * a real desktop) plus a tone on audio_output, captured at 20 fps. The gateway (its livestream routes, in this JVM)
 * against the reference design, FFmpeg command lines (the JavaCV-bundled ffmpeg: same FFmpeg build, same
 * libopenh264), on the same machine, display, PulseAudio and nginx-rtmp, in the same run:
 * <ol>
 *   <li>one output: gateway {@code remote} (x11grab → libopenh264 2.5 Mbps + AAC → FLV → nginx-rtmp) vs
 *       {@code ffmpeg -f x11grab … -f pulse … -c:v libopenh264 -c:a aac -f flv rtmp://…};</li>
 *   <li>three outputs of one display: gateway {@code internal} + {@code remote} (one shared FLV encoder, two pushes) +
 *       {@code socket} (MPEG-1/MP2 TS) vs three separate ffmpeg processes doing the same.</li>
 * </ol>
 * CPU is % of one core over {@value #MEASURE_SECONDS} s after {@value #WARMUP_SECONDS} s of warm-up; the gateway's
 * figure is its whole JVM minus the JVM's idle CPU measured just before. Run: {@code bench/livestream-cpu.sh}.
 */
@CamelSpringBootTest
@SpringBootTest(classes = MediaGatewayApplication.class, properties = {
        "gateway.http.port=0",
        "gateway.pulse.autostart=false",
        "gateway.display.autostart=false",
        "gateway.video.device=/nonexistent/video0",
        "logging.level.io.mediagateway=WARN",
})
class LivestreamCpuBench {

    private static final int WARMUP_SECONDS = 5;
    private static final int MEASURE_SECONDS = 20;

    private static XvfbFixture xvfb;
    private static ScreenPainter painter;
    private static TonePlayer tone;
    private static NginxRtmpFixture nginx;

    @Autowired
    GatewayHttpServer http;

    @Autowired
    LivestreamService streams;

    @Autowired
    CaptureSupervisor captures;

    @DynamicPropertySource
    static void desktop(DynamicPropertyRegistry registry) throws Exception {
        xvfb = XvfbFixture.start("1280x720x24");
        painter = ScreenPainter.animated(xvfb.display(), 20);
        tone = TonePlayer.start(SharedPulseAudio.server(), "audio_output", 1000);
        nginx = NginxRtmpFixture.start(Path.of("target/nginx-bench-" + ProcessHandle.current().pid()));
        registry.add("gateway.pulse.server", SharedPulseAudio::server);
        registry.add("gateway.display.name", xvfb::display);
        registry.add("gateway.rtmp.port", () -> 0); // internal streams go to the embedded server, remote ones to nginx
        registry.add("gateway.management.enabled", () -> false);
    }

    @AfterAll
    static void cleanUp() throws InterruptedException {
        tone.close();
        painter.close();
        nginx.close();
        xvfb.close();
    }

    @Test
    void cpuOfTheGatewayAgainstFfmpeg() throws Exception {
        ApiClient api = new ApiClient(http.port());
        long self = ProcessHandle.current().pid();
        double idle = cpuPercent(List.of(self), Duration.ofSeconds(5));

        start(api, "{\"id\":\"one\",\"mode\":\"remote\",\"target_url\":\"" + nginx.url("one") + "\"}");
        assertPlays(nginx.url("one"));
        double gatewayOne = cpuPercent(List.of(self), warmedUp()) - idle;
        streams.close();

        double ffmpegOne = ffmpeg(List.of(flvCommand(nginx.url("ref-one"))), nginx.url("ref-one"));

        start(api, "{\"id\":\"a\"}");
        start(api, "{\"id\":\"b\",\"mode\":\"remote\",\"target_url\":\"" + nginx.url("b") + "\"}");
        start(api, "{\"id\":\"c\",\"mode\":\"socket\"}");
        assertThat(captures.screenCaptures()).isEqualTo(1);
        assertThat(captures.encoders()).isEqualTo(2);
        assertPlays(nginx.url("b"));
        double gatewayThree = cpuPercent(List.of(self), warmedUp()) - idle;
        streams.close();

        double ffmpegThree = ffmpeg(List.of(flvCommand(nginx.url("ref-a")), flvCommand(nginx.url("ref-b")), tsCommand()),
                nginx.url("ref-b"));

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "[livestream-bench] 1280x720 @ 20 fps, animated desktop + tone; CPU %% of one "
                + "core over %d s; JVM idle before: %.1f %%%n", MEASURE_SECONDS, idle));
        report.append(String.format(Locale.ROOT, "[livestream-bench] %-44s %8s %8s %7s%n", "scenario", "gateway", "ffmpeg", "ratio"));
        report.append(line("1 output (remote RTMP, H.264+AAC)", gatewayOne, ffmpegOne));
        report.append(line("3 outputs (internal+remote+socket) vs 3 procs", gatewayThree, ffmpegThree));
        System.out.print(report);
        Files.writeString(Path.of("target/livestream-bench.txt"), report.toString());
    }

    private static String line(String name, double gateway, double ffmpeg) {
        return String.format(Locale.ROOT, "[livestream-bench] %-44s %7.1f%% %7.1f%% %6.2fx%n", name, gateway, ffmpeg, gateway / ffmpeg);
    }

    private static void start(ApiClient api, String body) {
        ApiClient.Response response = api.post("/stream/start", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    /** Proves media flows (a player decodes pictures) before measuring. */
    private static void assertPlays(String url) throws InterruptedException {
        try (MediaProbe player = MediaProbe.play(url)) {
            assertThat(Waits.until(Duration.ofSeconds(30), () -> player.pictures() > 10)).as(player.toString()).isTrue();
        }
    }

    private static Duration warmedUp() throws InterruptedException {
        Thread.sleep(WARMUP_SECONDS * 1000L);
        return Duration.ofSeconds(MEASURE_SECONDS);
    }

    private double ffmpeg(List<List<String>> commands, String playable) throws Exception {
        List<Process> processes = new ArrayList<>();
        try {
            for (List<String> command : commands) {
                processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            assertPlays(playable);
            return cpuPercent(processes.stream().map(Process::pid).toList(), warmedUp());
        } finally {
            for (Process p : processes) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    private static List<String> input() {
        return List.of(TestAudio.ffmpeg(), "-hide_banner", "-loglevel", "error", "-f", "x11grab", "-draw_mouse", "0",
                "-framerate", "20", "-i", xvfb.display(), "-f", "pulse", "-server", SharedPulseAudio.server(),
                "-sample_rate", "48000", "-channels", "2", "-i", "audio_output.monitor");
    }

    /** What the gateway does for an RTMP output, as one ffmpeg command line. */
    private static List<String> flvCommand(String url) {
        List<String> command = new ArrayList<>(input());
        command.addAll(List.of("-c:v", "libopenh264", "-b:v", "2500k", "-rc_mode", "bitrate", "-allow_skip_frames", "0",
                "-g", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-f", "flv", url));
        return command;
    }

    /** What the gateway does for a socket output (MPEG-1 + MP2 in TS), written to /dev/null. */
    private static List<String> tsCommand() {
        List<String> command = new ArrayList<>(input());
        command.addAll(List.of("-c:v", "mpeg1video", "-q:v", "5", "-g", "20", "-r", "24", "-pix_fmt", "yuv420p",
                "-c:a", "mp2", "-b:a", "128k", "-f", "mpegts", "-y", "/dev/null"));
        return command;
    }

    private static double cpuPercent(List<Long> pids, Duration window) throws InterruptedException {
        return ProcessCpu.percentOver(pids, window);
    }
}
