package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.MediaGatewayApplication;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.SharedPulseAudio;
import io.mediagateway.support.VideoPublishing;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputService;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway against a real PulseAudio ({@link SharedPulseAudio}, the gateway's layout), with no X display and
 * no v4l2 device. Subclasses share one Spring context. Virtual inputs are stopped before each test.
 */
@CamelSpringBootTest
@SpringBootTest(classes = MediaGatewayApplication.class, properties = {
        "gateway.http.port=0",
        "gateway.pulse.autostart=false",
        "gateway.display.name=:1999",
        "gateway.display.autostart=false",
        "gateway.video.device=/nonexistent/video0",
        "gateway.sources.file-root=target/test-media",
        "gateway.http.max-websocket-message-bytes=" + AudioIngestITSupport.MAX_MESSAGE_BYTES,
})
public abstract class AudioIngestITSupport {

    /** Lower than the default (16 MB) so the over-the-limit case stays quick. */
    public static final int MAX_MESSAGE_BYTES = 1_048_576;

    public static final String CONFIGURE = "/input/devices/virtual/configure";
    public static final String STATUS = "/input/devices/virtual/status";
    public static final String PAUSE = "/input/devices/virtual/pause";
    public static final String RESUME = "/input/devices/virtual/resume";
    public static final String STOP = "/input/devices/virtual/stop";
    public static final String AUDIO_SOCKET = VirtualInputsStatus.AUDIO_SOCKET_PATH;
    public static final String MIC = "virtual_mic";
    public static final String SPEAKER_MONITOR = "audio_output.monitor";

    @Autowired
    protected GatewayHttpServer httpServer;

    @Autowired
    protected VirtualInputService virtualInputs;

    protected ApiClient api;

    @BeforeAll
    static void needsPulseAudio() {
        SharedPulseAudio.get(); // skips the class (or fails under MG_REQUIRE_SYSTEM) without PulseAudio
    }

    @DynamicPropertySource
    static void pulseServer(DynamicPropertyRegistry registry) {
        registry.add("gateway.pulse.server", SharedPulseAudio::server);
    }

    @BeforeEach
    void connectAndReset() {
        api = new ApiClient(httpServer.port());
        virtualInputs.stop();
    }

    protected static String pulse() {
        return SharedPulseAudio.server();
    }

    protected JsonNode configure(String body) {
        ApiClient.Response response = api.post(CONFIGURE, body);
        assertThat(response.status()).as("configure %s -> %s", body, response).isEqualTo(200);
        JsonNode status = response.json();
        awaitSinkLive(status.path("audio_sink").asText());
        return status;
    }

    /**
     * A null sink nobody listened to has rendered up to 2 s ahead; a new stream waits until that time has passed
     * (pacat too). With a listener on virtual_mic, as in a desktop with a meeting open, it never happens. Tests wait for
     * it rather than measure it.
     */
    protected static void awaitSinkLive(String sink) {
        try {
            Waits.until(Duration.ofSeconds(20), () -> sinkLatencyMicros(sink) < 100_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long sinkLatencyMicros(String sink) {
        String out = SharedPulseAudio.get().pactl("list", "sinks").output();
        int at = out.indexOf("Name: " + sink + "\n");
        if (at < 0) {
            return Long.MAX_VALUE;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Latency: (\\d+) usec").matcher(out);
        return m.find(at) ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    protected JsonNode audioStats() {
        return api.get(STATUS).json().path("stats").path("audio");
    }

    /**
     * Connects a publisher and checks the greeting; retries while the path is still taken by an earlier test's
     * publisher that is leaving (the slot is freed asynchronously, in the route's disconnect).
     */
    protected WsClient publisher() throws InterruptedException {
        return VideoPublishing.connectPublisher(httpServer.port(), AUDIO_SOCKET, "mp3", Duration.ofSeconds(20));
    }

    /** Waits until the ingest has handed {@code millis} of audio to PulseAudio: the tone plays from here on. */
    protected void awaitPlayed(long millis) throws InterruptedException {
        assertThat(Waits.until(Duration.ofSeconds(20), () -> audioStats().path("played_ms").asLong() >= millis))
                .as("played; stats %s", audioStats()).isTrue();
    }
}
