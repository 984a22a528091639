package io.mediagateway.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The management port: Hawtio's console is served, and its Jolokia agent sees Camel's route MBeans and the gateway's
 * own services, and can invoke their operations (what Hawtio's JMX and Camel tabs do).
 */
@DisableJmx(false)
@TestPropertySource(properties = {"gateway.management.enabled=true", "gateway.management.port=0", "spring.jmx.enabled=true"})
class ManagementConsoleTest extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ManagementServer management;

    ApiClient console;

    @BeforeEach
    void consoleUp() throws Exception {
        console = new ApiClient(management.port().get(60, TimeUnit.SECONDS));
    }

    @Test
    void hawtioConsoleIsServed() {
        ApiClient.Response page = console.get(ManagementServer.CONTEXT_PATH + "/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).containsIgnoringCase("hawtio");
    }

    @Test
    void jolokiaListsTheGatewayRoutesByTheirStableIds() throws Exception {
        JsonNode routes = jolokia("/read/org.apache.camel:context=*,type=routes,name=*/RouteId");

        assertThat(routes.path("status").asInt()).as(routes.toString()).isEqualTo(200);
        assertThat(routes.path("value").toString())
                .contains("virtual-video-ingest", "virtual-audio-ingest", "virtual-input-configure", "health", "metrics");
    }

    @Test
    void jolokiaReadsAndOperatesTheVirtualInputs() throws Exception {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}").status()).isEqualTo(200);

        JsonNode state = jolokia("/read/io.mediagateway:type=VirtualInputs/State");
        assertThat(state.path("value").asText()).isEqualTo("running");

        JsonNode paused = jolokia("/exec/io.mediagateway:type=VirtualInputs/pause()");
        assertThat(paused.path("value").asText()).as(paused.toString()).isEqualTo("paused");
        assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo("paused");

        JsonNode status = jolokia("/read/io.mediagateway:type=VirtualInputs/Status");
        assertThat(JSON.readTree(status.path("value").asText()).path("state").asText()).isEqualTo("paused");
    }

    @Test
    void jolokiaSeesTheSupervisorsTheRtmpServerAndTheStreams() throws Exception {
        JsonNode pulse = jolokia("/read/io.mediagateway:type=PulseAudio");

        assertThat(pulse.path("value").path("Mode").asText()).isEqualTo("UNAVAILABLE");
        assertThat(pulse.path("value").path("Restarts").asInt()).isZero();
        assertThat(pulse.path("value").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("Mode", "Server", "Unavailability", "Restarts", "DaemonPid");
        assertThat(jolokia("/read/io.mediagateway:type=Display").path("value").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("Mode", "Restarts", "Pid");
        JsonNode sockets = jolokia("/read/io.mediagateway:type=MediaSockets/VideoPublishers");
        assertThat(sockets.path("value").asInt()).isZero();
        assertThat(jolokia("/read/io.mediagateway:type=Display/Mode").path("value").asText()).isEqualTo("UNAVAILABLE");
        assertThat(jolokia("/read/io.mediagateway:type=WebRtc/OpenPeers").path("value").asInt()).isZero();
        JsonNode rtmp = jolokia("/read/io.mediagateway:type=RtmpServer/Port");
        assertThat(rtmp.path("value").asInt()).isPositive();
        JsonNode streams = jolokia("/read/io.mediagateway:type=Livestreams");
        assertThat(streams.path("value").path("Count").asInt()).isZero();
        assertThat(streams.path("value").path("Streams").asText()).isEqualTo("[]");
        JsonNode stopUnknown = jolokia("/exec/io.mediagateway:type=Livestreams/stop/nope");
        assertThat(stopUnknown.path("value").asBoolean()).as(stopUnknown.toString()).isFalse();
    }

    private JsonNode jolokia(String request) throws Exception {
        ApiClient.Response response = console.get(ManagementServer.CONTEXT_PATH + "/jolokia" + request);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
