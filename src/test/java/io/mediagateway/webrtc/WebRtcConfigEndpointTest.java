package io.mediagateway.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTest;
import io.mediagateway.http.GatewayHttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** {@code GET /webrtc/config} hands clients the configured STUN/TURN servers, credentials included. */
@GatewayTest
@TestPropertySource(properties = {
        "gateway.webrtc.ice-servers[0].urls[0]=stun:stun.example.org:3478",
        "gateway.webrtc.ice-servers[1].urls[0]=turn:turn.example.org:3478?transport=udp",
        "gateway.webrtc.ice-servers[1].urls[1]=turns:turn.example.org:5349",
        "gateway.webrtc.ice-servers[1].username=gateway",
        "gateway.webrtc.ice-servers[1].credential=s3cret",
})
class WebRtcConfigEndpointTest {

    @Autowired
    GatewayHttpServer httpServer;

    @Test
    void returnsTheIceServersFromConfiguration() {
        ApiClient.Response response = new ApiClient(httpServer.port()).get("/webrtc/config");
        assertThat(response.status()).isEqualTo(200);
        JsonNode servers = response.json().path("ice_servers");
        assertThat(servers).hasSize(2);
        assertThat(servers.get(0).path("urls").get(0).asText()).isEqualTo("stun:stun.example.org:3478");
        assertThat(servers.get(0).has("username")).isFalse();
        assertThat(servers.get(1).path("urls")).hasSize(2);
        assertThat(servers.get(1).path("username").asText()).isEqualTo("gateway");
        assertThat(servers.get(1).path("credential").asText()).isEqualTo("s3cret");
    }

    @Test
    void onlyGetAndHead() {
        assertThat(new ApiClient(httpServer.port()).post("/webrtc/config", "{}").status()).isIn(404, 405);
    }
}
