package io.mediagateway.livestream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.support.MediaProbe;
import io.mediagateway.support.RawWebSocket;
import io.mediagateway.support.ScreenPainter;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/** Socket streams: a viewer's MPEG-TS decodes to the display's colour and the tone; mp3 carries the tone. */
class LivestreamSocketIT extends LivestreamITSupport {

    @Test
    void viewerSeesTheDisplayColourAndHearsTheTone() throws Exception {
        JsonNode info = start("{\"id\":\"sock1\",\"mode\":\"socket\",\"framerate\":10}");
        assertThat(info.path("websocket_url").asText()).endsWith("/stream/socket/sock1");
        try (WsClient viewer = WsClient.connect(httpServer.port(), "/stream/socket/sock1");
                MediaProbe probe = MediaProbe.watching(viewer, "mpegts")) {
            painter().paint(GREEN);
            assertThat(Waits.until(media(), () -> probe.shows(GREEN, 40))).as(probe.toString()).isTrue();
            assertThat(probe.awaitTone(TONE_HZ, media())).as(probe.toString()).isTrue();
            assertThat(probe.videoCodec()).isEqualTo("mpeg1video");
            assertThat(probe.audioCodec()).isEqualTo("mp2");
            painter().paint(0x0000ff);
            assertThat(Waits.until(media(), () -> probe.shows(0x0000ff, 40))).as(probe.toString()).isTrue();
            JsonNode listed = api.get("/stream/list").json().get(0);
            assertThat(listed.path("viewers").asInt()).isEqualTo(1);
            assertThat(listed.path("is_streaming").asBoolean()).isTrue();
        } finally {
            painter().paint(GREEN);
        }
    }

    @Test
    void mp3StreamCarriesTheTone() throws Exception {
        start("{\"id\":\"sound\",\"mode\":\"socket\",\"format\":\"mp3\"}");
        try (WsClient viewer = WsClient.connect(httpServer.port(), "/stream/socket/sound");
                MediaProbe probe = MediaProbe.watching(viewer, "mp3")) {
            assertThat(probe.awaitTone(TONE_HZ, media())).as(probe.toString()).isTrue();
            assertThat(probe.pictures()).isZero();
        }
    }

    @Test
    void aViewerThatNeverReadsIsDroppedWhileAnotherKeepsWatching() throws Exception {
        start("{\"id\":\"busy\",\"mode\":\"socket\"}");
        // moving pictures over the green: heavy enough to fill a stuck viewer's buffers within seconds
        try (ScreenPainter animation = ScreenPainter.animated(xvfb().display(), 20);
                WsClient normal = WsClient.connect(httpServer.port(), "/stream/socket/busy");
                MediaProbe probe = MediaProbe.watching(normal, "mpegts");
                RawWebSocket stuck = RawWebSocket.connect(httpServer.port(), "/stream/socket/busy", 4096)) {
            assertThat(stuck.status()).isEqualTo(101);
            assertThat(Waits.until(media(), () -> viewers("busy") == 2)).isTrue();
            assertThat(Waits.until(Duration.ofSeconds(120), () -> viewers("busy") == 1))
                    .as("stuck viewer dropped; " + probe).isTrue();
            long before = probe.pictures();
            assertThat(Waits.until(media(), () -> probe.pictures() > before + 20)).as(probe.toString()).isTrue();
            assertThat(normal.isClosed()).isFalse();
        }
    }

    private int viewers(String id) {
        return api.get("/stream/list").json().get(0).path("viewers").asInt();
    }
}
