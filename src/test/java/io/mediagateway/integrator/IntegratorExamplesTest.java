package io.mediagateway.integrator;

import static io.mediagateway.support.VideoPublishing.connectPublisher;
import static io.mediagateway.support.VideoPublishing.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The integrator route examples in config/examples/routes/, loaded as an integrator would load them
 * (gateway.routes-dir), each proven by what it does: a recording of the ingest video, events at a webhook, the feed
 * page's new fit default.
 */
@TestPropertySource(properties = {
        // read by an environment post-processor, before dynamic properties exist
        "gateway.routes-dir=config/examples/routes",
        "integrator.recordings-dir=target/integrator-recordings",
})
class IntegratorExamplesTest extends GatewayTestSupport {

    private static final Path RECORDINGS = Path.of("target/integrator-recordings");
    private static final BlockingQueue<Hook> HOOKS = new LinkedBlockingQueue<>();
    private static HttpServer webhook;

    record Hook(String event, String body) {
    }

    @DynamicPropertySource
    static void integratorSettings(DynamicPropertyRegistry registry) throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            HOOKS.add(new Hook(exchange.getRequestHeaders().getFirst("X-Media-Gateway-Event"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        registry.add("integrator.webhook-url", () -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
    }

    @AfterAll
    static void stopWebhook() {
        webhook.stop(0);
    }

    @Test
    void recordingHoldsExactlyTheBytesThePublisherSentInOrder() throws Exception {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}");
        byte[] ts = TestMedia.mpeg1Ts("red", 320, 240, 30, 2);
        List<Path> before = recordings();

        try (WsClient publisher = connectPublisher(httpServer.port(), VirtualInputsStatus.VIDEO_SOCKET_PATH,
                Duration.ofSeconds(20))) {
            sendPaced(publisher, ts, 2, new Random(5));
            assertThat(Waits.until(Duration.ofSeconds(20), () -> newRecordingSize(before) == ts.length))
                    .as("recording size %d of %d", newRecordingSize(before), ts.length).isTrue();
        }
        Path recording = recordings().stream().filter(p -> !before.contains(p)).findFirst().orElseThrow();
        assertThat(Files.readAllBytes(recording)).isEqualTo(ts);
        // and the live path still decoded it (the decoder may still be catching up when the recording is complete)
        assertThat(Waits.until(Duration.ofSeconds(20),
                () -> api.get(STATUS).json().at("/stats/video/frames_decoded").asLong() > 0))
                .as("%s", api.get(STATUS).json().at("/stats/video")).isTrue();
    }

    @Test
    void virtualInputChangesReachTheWebhookInOrderAndRefusalsDoNot() throws Exception {
        // the webhook is sent asynchronously, in order: a marker (a configure that starts paused, which no other test
        // here sends) goes first, and the hooks of earlier tests' changes are skipped up to it however late they come
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"},\"start_paused\":true}");
        ObjectMapper json = new ObjectMapper();
        Hook hook;
        do {
            hook = HOOKS.poll(20, TimeUnit.SECONDS);
        } while (hook != null && !("virtual-input-configure".equals(hook.event())
                && json.readTree(hook.body()).path("state").asText().equals("paused")));
        assertThat(hook).as("the marker's hook").isNotNull();

        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");
        api.post(PAUSE, "{}");
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"bogus\"}}").status()).isEqualTo(400);
        api.post(STOP, "{}");

        Hook configured = HOOKS.poll(20, TimeUnit.SECONDS);
        Hook paused = HOOKS.poll(20, TimeUnit.SECONDS);
        Hook stopped = HOOKS.poll(20, TimeUnit.SECONDS);
        assertThat(configured).isNotNull();
        assertThat(configured.event()).isEqualTo("virtual-input-configure");
        assertThat(json.readTree(configured.body()).path("state").asText()).isEqualTo("running");
        assertThat(paused).isNotNull();
        assertThat(paused.event()).isEqualTo("virtual-input-pause");
        assertThat(json.readTree(paused.body()).path("state").asText()).isEqualTo("paused");
        assertThat(stopped).isNotNull();
        assertThat(stopped.event()).isEqualTo("virtual-input-stop");
        assertThat(HOOKS.poll(1, TimeUnit.SECONDS)).as("the refused configure sent nothing").isNull();
    }

    @Test
    void feedFitDefaultBecomesCoverWhileAnExplicitFitStillWins() {
        assertThat(api.get("/input/devices/virtual/feed").body()).contains("data-fit=\"cover\"");
        assertThat(api.get("/input/devices/virtual/feed?fit=fill").body()).contains("data-fit=\"fill\"");
        assertThat(api.get("/input/devices/virtual/feed?fit=bogus").status()).isEqualTo(400);
    }

    private static List<Path> recordings() throws IOException {
        if (!Files.isDirectory(RECORDINGS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(RECORDINGS)) {
            return files.toList();
        }
    }

    private static long newRecordingSize(List<Path> before) {
        try {
            return recordings().stream().filter(p -> !before.contains(p)).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
