package io.mediagateway.management;

import static io.mediagateway.support.VideoPublishing.connectPublisher;
import static io.mediagateway.support.VideoPublishing.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.TestMedia;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.Test;

/** GET /metrics after real media went through: the counters moved by what was sent, route timings are there. */
class MetricsEndpointTest extends GatewayTestSupport {

    @Test
    void pushedVideoMovesThePipelineCountersAndTheRouteTimers() throws Exception {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\",\"width\":320,\"height\":240,\"frame_rate\":30}}");
        byte[] red = TestMedia.mpeg1Ts("red", 320, 240, 30, 2);
        assertThat(value(scrape(), "mediagateway_virtual_input_running")).isEqualTo(1.0);

        // retries while an earlier test's publisher is still leaving the path (the slot frees asynchronously)
        try (WsClient publisher = connectPublisher(httpServer.port(), VirtualInputsStatus.VIDEO_SOCKET_PATH,
                Duration.ofSeconds(20))) {
            sendPaced(publisher, red, 2, new Random(3));
            assertThat(Waits.until(Duration.ofSeconds(20),
                    () -> value(scrape(), "mediagateway_virtual_input_frames_decoded_total{kind=\"video\"}") > 0))
                    .as(scrape()).isTrue();
        }

        // frames decode before the media socket's worker has counted the last chunks
        Waits.until(Duration.ofSeconds(10),
                () -> value(scrape(), "mediagateway_virtual_input_bytes_in_total{kind=\"video\"}") >= red.length);
        String metrics = scrape();
        assertThat(value(metrics, "mediagateway_virtual_input_bytes_in_total{kind=\"video\"}")).isEqualTo(red.length);
        assertThat(value(metrics, "mediagateway_virtual_input_chunks_in_total{kind=\"video\"}")).isGreaterThan(1);
        assertThat(metrics).contains("mediagateway_virtual_input_fps{kind=\"video\"}");
        assertThat(metrics).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"virtual-video-ingest\"");
        assertThat(metrics).contains("jvm_memory_used_bytes");
        assertThat(value(metrics, "mediagateway_pulseaudio_restarts_total")).isZero();
        assertThat(value(metrics, "mediagateway_rtmp_listening")).isEqualTo(1.0);
        assertThat(value(metrics, "mediagateway_livestreams")).isZero();
    }

    @Test
    void metricsAreServedAsPrometheusTextAndOnlyForGet() {
        ApiClient.Response response = api.get("/metrics");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(response.body()).contains("# TYPE mediagateway_virtual_input_running gauge");

        assertThat(api.post("/metrics", "{}").status()).isEqualTo(405);
    }

    private String scrape() {
        return api.get("/metrics").body();
    }

    /** The sample value of the series {@code series} (name with labels as printed), or fails when it is absent. */
    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? ([-+0-9.eENa]+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in\n" + metrics);
        }
        return Double.parseDouble(m.group(1));
    }
}
