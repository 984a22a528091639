package io.mediagateway.livestream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.rtmp.RtmpServer;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Start, list and stop across modes and ids, several at once, with SPEC's 201/404/409 and absolute URLs. */
class LivestreamLifecycleIT extends LivestreamITSupport {

    @Autowired
    CaptureSupervisor captures;

    @Autowired
    RtmpServer rtmpServer;

    @Test
    void severalStreamsStartListAndStop() {
        ApiClient.Response internal = api.post("/stream/start", "", "X-Forwarded-Host", "gw.example.com:444");
        assertThat(internal.status()).isEqualTo(201);
        JsonNode info = internal.json();
        assertThat(info.path("id").asText()).isEqualTo("default");
        assertThat(info.path("mode").asText()).isEqualTo("internal");
        assertThat(info.path("framerate").asInt()).isEqualTo(20);
        assertThat(info.path("ingest_url").asText()).isEqualTo("rtmp://gw.example.com:" + rtmpServer.port() + "/live/default");
        assertThat(Instant.parse(info.path("started_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(info.path("started_at").asText()).as("milliseconds, as the virtual inputs' started_at")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
        assertThat(info.has("websocket_url")).isFalse();

        JsonNode socket = api.post("/stream/start", "{\"id\":\"view-1\",\"mode\":\"SOCKET\",\"framerate\":5}",
                "X-Forwarded-Host", "gw.example.com:444", "X-Forwarded-Proto", "https").json();
        assertThat(socket.path("websocket_url").asText()).isEqualTo("wss://gw.example.com:444/stream/socket/view-1");
        assertThat(socket.path("format").asText()).isEqualTo("mpegts");
        assertThat(socket.has("playback_url")).isFalse();
        JsonNode remote = start("{\"id\":\"r\",\"mode\":\"remote\",\"target_url\":\"" + nginx().url("r") + "\"}");
        assertThat(remote.path("playback_url").asText()).isEqualTo(nginx().url("r"));
        start("{\"id\":\"audio\",\"mode\":\"socket\",\"format\":\"mp3\"}");
        // default@20 and r@20 share one FLV encoder; view-1 at 5 fps has its own capture; mp3 needs no display
        assertThat(captures.screenCaptures()).isEqualTo(2);
        assertThat(captures.encoders()).isEqualTo(3);

        JsonNode list = api.get("/stream/list").json();
        assertThat(list).extracting(n -> n.path("id").asText()).containsExactly("default", "view-1", "r", "audio");

        ApiClient.Response again = api.post("/stream/start", "{\"id\":\"view-1\",\"mode\":\"internal\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).contains("already streaming");

        WsClient.Refusal notSocket = WsClient.refused(httpServer.port(), "/stream/socket/default");
        assertThat(notSocket.status()).isEqualTo(409);
        assertThat(api.get("/stream/socket/r/view").status()).isEqualTo(409);
        ApiClient.Response page = api.get("/stream/socket/view-1/view", "X-Forwarded-Host", "gw.example.com:444");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("ws://gw.example.com:444/stream/socket/view-1").contains("JSMpeg.Player");

        ApiClient.Response stopped = api.post("/stream/stop", "{\"id\":\"view-1\"}");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().path("is_streaming").asBoolean()).isFalse();
        assertThat(stopped.json().path("id").asText()).isEqualTo("view-1");
        assertThat(api.post("/stream/stop", "{\"id\":\"view-1\"}").status()).isEqualTo(404);
        assertThat(WsClient.refused(httpServer.port(), "/stream/socket/view-1").status()).isEqualTo(404);
        assertThat(captures.screenCaptures()).isEqualTo(1);

        assertThat(api.post("/stream/stop", "{}").json().path("id").asText()).isEqualTo("default");
        // the id is free again
        assertThat(api.post("/stream/start", "{\"id\":\"view-1\",\"mode\":\"socket\"}").status()).isEqualTo(201);
        api.post("/stream/stop", "{\"id\":\"view-1\"}");
        api.post("/stream/stop", "{\"id\":\"r\"}");
        api.post("/stream/stop", "{\"id\":\"audio\"}");
        assertThat(api.get("/stream/list").body()).isEqualTo("[]");
        assertThat(captures.encoders()).isZero();
        assertThat(captures.screenCaptures()).isZero();
    }

    @Test
    void stoppingAStreamClosesItsViewers() throws Exception {
        start("{\"id\":\"closing\",\"mode\":\"socket\"}");
        try (WsClient viewer = WsClient.connect(httpServer.port(), "/stream/socket/closing")) {
            api.post("/stream/stop", "{\"id\":\"closing\"}");
            WsClient.Close close = viewer.awaitClose(java.time.Duration.ofSeconds(10));
            assertThat(close).isNotNull();
            assertThat(close.reason()).contains("stream stopped");
        }
    }
}
