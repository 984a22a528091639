package io.mediagateway.livestream;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.MediaGatewayApplication;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.NginxRtmpFixture;
import io.mediagateway.support.ScreenPainter;
import io.mediagateway.support.SharedPulseAudio;
import io.mediagateway.support.TonePlayer;
import io.mediagateway.support.XvfbFixture;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway streaming a real desktop: one Xvfb painted by {@link ScreenPainter}, one PulseAudio
 * ({@link SharedPulseAudio}) with a tone playing into audio_output, and a real nginx-rtmp as the remote server for the
 * embedded RTMP server at gateway.rtmp.port (internal streams publish there). All are shared by the subclasses (one
 * Spring context) and live until the JVM exits. Every stream is stopped after each test.
 */
@CamelSpringBootTest
@SpringBootTest(classes = MediaGatewayApplication.class, properties = {
        "gateway.http.port=0",
        "gateway.rtmp.port=0",
        "gateway.management.enabled=false",
        "gateway.pulse.autostart=false",
        "gateway.display.autostart=false",
        "gateway.video.device=/nonexistent/video0",
        "gateway.sources.file-root=target/test-media",
        "gateway.livestream.reconnect-backoff=200ms",
        "gateway.livestream.reconnect-backoff-max=1s",
        "gateway.livestream.push-timeout=3s",
        "gateway.livestream.viewer-queue-bytes=131072",
        "gateway.livestream.max-webrtc-viewers=3",
})
public abstract class LivestreamITSupport {

    public static final int GREEN = 0x00c000;
    public static final int TONE_HZ = 1000;

    private static XvfbFixture xvfb;
    private static ScreenPainter painter;
    private static TonePlayer tone;
    private static NginxRtmpFixture nginx;

    @Autowired
    protected GatewayHttpServer httpServer;

    @Autowired
    protected LivestreamService streams;

    protected ApiClient api;

    @BeforeAll
    static synchronized void desktop() throws Exception {
        SharedPulseAudio.get();
        if (xvfb == null) {
            xvfb = XvfbFixture.start("640x360x24");
            painter = ScreenPainter.start(xvfb.display(), GREEN);
            nginx = NginxRtmpFixture.start(Path.of("target/nginx-rtmp-" + ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    if (tone != null) {
                        tone.close();
                    }
                    painter.close();
                    nginx.close();
                    xvfb.close();
                } catch (InterruptedException ignored) {
                    // exiting
                }
            }));
        }
        if (tone == null || !tone.isAlive()) {
            tone = TonePlayer.start(SharedPulseAudio.server(), "audio_output", TONE_HZ);
        }
    }

    @DynamicPropertySource
    static void systemParts(DynamicPropertyRegistry registry) throws Exception {
        desktop();
        registry.add("gateway.pulse.server", SharedPulseAudio::server);
        registry.add("gateway.display.name", xvfb::display);
    }

    @BeforeEach
    void connect() {
        api = new ApiClient(httpServer.port());
    }

    @AfterEach
    void stopStreams() {
        streams.close();
    }

    protected static ScreenPainter painter() {
        return painter;
    }

    protected static NginxRtmpFixture nginx() {
        return nginx;
    }

    protected static XvfbFixture xvfb() {
        return xvfb;
    }

    protected JsonNode start(String body) {
        ApiClient.Response response = api.post("/stream/start", body);
        if (response.status() != 201) {
            throw new AssertionError("start failed: " + response);
        }
        return response.json();
    }

    protected static Duration media() {
        return Duration.ofSeconds(30);
    }
}
