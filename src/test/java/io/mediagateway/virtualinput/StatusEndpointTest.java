package io.mediagateway.virtualinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/** GET /input/devices/virtual/status: the seed's always-present fields, and absolute URLs as the client sees us. */
class StatusEndpointTest extends GatewayTestSupport {

    @Test
    void idleStatusHasTheAlwaysPresentFieldsOnly() {
        ApiClient.Response response = api.get(STATUS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode status = response.json();
        assertThat(status.path("state").asText()).isEqualTo("idle");
        assertThat(status.path("mode").asText()).isEqualTo("virtual-file");
        assertThat(status.path("video_device").asText()).isEqualTo("/nonexistent/video0");
        assertThat(status.path("audio_sink").asText()).isEqualTo("audio_input");
        assertThat(status.path("microphone_source").asText()).isEqualTo("virtual_mic");
        assertThat(status.has("video")).isFalse();
        assertThat(status.has("audio")).isFalse();
        assertThat(status.has("ingest")).isFalse();
        assertThat(status.has("started_at")).isFalse();
    }

    @Test
    void ingestUrlsUseTheHostHeaderTheClientCalled() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");
        JsonNode socket = api.get(STATUS, "Host", "localhost:444").json().path("ingest");
        api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"}}");
        JsonNode webrtc = api.get(STATUS, "Host", "localhost:444").json().path("ingest");

        assertThat(socket.path("video").path("url").asText())
                .isEqualTo("ws://localhost:444/input/devices/virtual/socket/video");
        assertThat(webrtc.path("video").path("url").asText())
                .isEqualTo("http://localhost:444/input/devices/virtual/webrtc/offer");
    }

    @Test
    void forwardedHeadersWinOverHost() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");
        JsonNode socket = api.get(STATUS, "Host", "10.0.0.5:10001", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "gw.example.com, proxy.internal").json().path("ingest");
        api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\"}}");
        JsonNode webrtc = api.get(STATUS, "Host", "10.0.0.5:10001", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "gw.example.com, proxy.internal").json().path("ingest");

        assertThat(socket.path("video").path("url").asText())
                .isEqualTo("wss://gw.example.com/input/devices/virtual/socket/video");
        assertThat(webrtc.path("video").path("url").asText())
                .isEqualTo("https://gw.example.com/input/devices/virtual/webrtc/offer");
    }

    @Test
    void forwardedProtoAloneKeepsTheHost() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");

        JsonNode ingest = api.get(STATUS, "Host", "media.local:8443", "X-Forwarded-Proto", "https").json().path("ingest");

        assertThat(ingest.path("video").path("url").asText())
                .isEqualTo("wss://media.local:8443/input/devices/virtual/socket/video");
    }

    @Test
    void malformedForwardedHostIsIgnoredRatherThanEchoed() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");

        JsonNode ingest = api.get(STATUS, "Host", "localhost:444", "X-Forwarded-Host", "evil.example/<script>")
                .json().path("ingest");

        assertThat(ingest.path("video").path("url").asText())
                .isEqualTo("ws://localhost:444/input/devices/virtual/socket/video");
    }

    @Test
    void statusReportsTheStreamSourcePipelineAndItsState() {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"stream\",\"url\":\"rtmp://media.local/live/k\"}}");

        JsonNode video = api.get(STATUS).json().path("stats").path("video");

        assertThat(video.path("pipeline").asText()).isEqualTo("stream");
        assertThat(video.path("source_state").asText()).isIn("opening", "reconnecting", "starting");
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        ApiClient.Response response = api.method("HEAD", STATUS, null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aUtf8ByteOrderMarkBeforeTheJsonIsTolerated() {
        byte[] json = "{\"video\":{\"type\":\"webrtc\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        ApiClient.Response response = api.postBytes(CONFIGURE, withBom, "Content-Type", "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("video").path("type").asText()).isEqualTo("webrtc");
    }
}
