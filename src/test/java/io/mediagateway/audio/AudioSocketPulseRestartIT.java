package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.MediaGatewayApplication;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.pulse.PulseAudioSupervisor;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.PulseRecorder;
import io.mediagateway.support.SystemTools;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.ToneAnalysis;
import io.mediagateway.support.VideoPublishing;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The gateway owns its PulseAudio (none reachable, autostart on). Killed in the middle of a stream, the daemon is
 * restarted by the supervisor, the writer reconnects, the tone comes back on the microphone, and the status's
 * last_error reports the gap.
 */
@CamelSpringBootTest
@SpringBootTest(classes = MediaGatewayApplication.class, properties = {
        "gateway.http.port=0",
        "gateway.pulse.server=unix:/nonexistent/pulse/native",
        "gateway.pulse.autostart=true",
        "gateway.pulse.runtime-dir=target/pa-owned-it",
        "gateway.pulse.restart-backoff=100ms",
        "gateway.display.name=:1999",
        "gateway.display.autostart=false",
        "gateway.video.device=/nonexistent/video0",
})
@DirtiesContext // its PulseAudio must not outlive the class
class AudioSocketPulseRestartIT {

    private static final byte[] TONE = TestAudio.mp3Tone440(Duration.ofSeconds(10));

    @Autowired
    GatewayHttpServer httpServer;

    @Autowired
    PulseAudioSupervisor supervisor;

    @BeforeAll
    static void needsPulseAudio() {
        SystemTools.requireBinaries("pulseaudio pulseaudio-utils", "pulseaudio", "pactl", "parec");
    }

    @Test
    void killedMidStreamTheDaemonIsRestartedAndTheToneComesBack() throws Exception {
        ApiClient api = new ApiClient(httpServer.port());
        assertThat(supervisor.mode()).isEqualTo(PulseAudioSupervisor.Mode.OWNED);
        String server = supervisor.server().orElseThrow();
        assertThat(api.get("/health").json().path("components").path("pulseaudio").path("detail").asText())
                .contains("started by the gateway");
        assertThat(api.post("/input/devices/virtual/configure", "{\"audio\":{\"type\":\"socket\"}}").status()).isEqualTo(200);

        // retries while the previous case's publisher is still leaving the path (the slot frees asynchronously)
        try (WsClient ws = VideoPublishing.connectPublisher(httpServer.port(), VirtualInputsStatus.AUDIO_SOCKET_PATH, "mp3",
                Duration.ofSeconds(20));
                AudioSender sender = AudioSender.realTime(ws, TONE, 2, true)) {
            short[] before;
            try (PulseRecorder mic = PulseRecorder.start(server, "virtual_mic")) {
                // the idle null sink needs a moment to catch up (see AudioIngestITSupport.awaitSinkLive): wait for the
                // tone, then take half a second recorded wholly after its onset
                Waits.until(Duration.ofSeconds(15), () -> ToneAnalysis.rms(lastHalfSecond(mic.samples())) > 500);
                Thread.sleep(600);
                before = lastHalfSecond(mic.samples());
            }
            long killed = supervisor.daemonPid().orElseThrow();
            long killedAt = System.nanoTime();
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();

            assertThat(Waits.until(Duration.ofSeconds(20), () -> supervisor.daemonPid().filter(p -> p != killed).isPresent()))
                    .as("PulseAudio restarted").isTrue();
            long restartMs = (System.nanoTime() - killedAt) / 1_000_000;
            short[] after;
            try (PulseRecorder mic = PulseRecorder.start(server, "virtual_mic")) {
                Waits.until(Duration.ofSeconds(15), () -> ToneAnalysis.rms(lastHalfSecond(mic.samples())) > 500);
                // the window that first crosses the threshold may hold the tone's onset (a step, energy near 0 Hz):
                // analyse a window recorded wholly after it
                Thread.sleep(600);
                after = lastHalfSecond(mic.samples());
            }
            JsonNode status = api.get("/input/devices/virtual/status").json();
            System.out.printf("[audio-restart] daemon back after %d ms; rms before=%.0f after=%.0f; last_error=%s%n", restartMs,
                    ToneAnalysis.rms(before), ToneAnalysis.rms(after), status.path("last_error").asText());

            assertThat(ToneAnalysis.rms(before)).isGreaterThan(500);
            assertThat(ToneAnalysis.rms(after)).as("tone back after the restart").isGreaterThan(500);
            assertThat(ToneAnalysis.dominantFrequency(after, PulseRecorder.RATE)).isBetween(430, 450);
            assertThat(status.path("last_error").asText()).contains("was unavailable from").contains(" ms ");
            assertThat(status.path("stats").path("audio").path("sink_state").asText()).isEqualTo("playing");
            assertThat(ws.isClosed()).as("the publisher never noticed").isFalse();
            assertThat(sender.failure()).isNull();
        }
        assertThat(supervisor.restarts()).isEqualTo(1);
    }

    private static short[] lastHalfSecond(short[] samples) {
        int n = PulseRecorder.RATE / 2;
        return samples.length <= n ? samples : java.util.Arrays.copyOfRange(samples, samples.length - n, samples.length);
    }
}
