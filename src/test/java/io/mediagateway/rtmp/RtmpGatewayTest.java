package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The RTMP server starts with the gateway (on gateway.rtmp.port; 0 in tests) and is a part of GET /health. */
class RtmpGatewayTest extends GatewayTestSupport {

    @Autowired
    RtmpServer rtmpServer;

    @Autowired
    io.mediagateway.config.GatewayProperties gateway;

    @Test
    void serverRunsWithTheGatewayAndReportsItsHealth() throws Exception {
        assertThat(rtmpServer.listening()).isTrue();
        try (RtmpTestClient client = RtmpTestClient.connect("127.0.0.1", rtmpServer.port(), "live")) {
            assertThat(client.play("anything")).isEqualTo("NetStream.Play.Reset");
        }
        JsonNode rtmp = api.get("/health").json().path("components").path("rtmp");
        assertThat(rtmp.path("status").asText()).isEqualTo("UP");
        assertThat(rtmp.path("detail").asText()).contains(":" + rtmpServer.port());
        assertThat(gateway.getRtmp().getPort()).as("port 0 becomes the bound port").isEqualTo(rtmpServer.port());
        assertThat(rtmpServer.loopbackUrl("live/x")).isEqualTo("rtmp://127.0.0.1:" + rtmpServer.port() + "/live/x");
    }
}
