package io.mediagateway.livestream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagateway.rtmp.RtmpServer;
import io.mediagateway.support.MediaProbe;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * RTMP outputs: a remote push into a real nginx-rtmp plays back with the display's colour and the tone; an internal
 * stream publishes to the gateway's embedded RTMP server and plays from it; internal and remote of the same display
 * share one encoder; a remote that goes away and comes back is reconnected.
 */
class LivestreamRtmpIT extends LivestreamITSupport {

    @Autowired
    CaptureSupervisor captures;

    @Autowired
    RtmpServer rtmpServer;

    @Test
    void remotePushPlaysBackWithTheColourAndTheTone() throws Exception {
        JsonNode info = start("{\"id\":\"remote1\",\"mode\":\"remote\",\"target_url\":\"" + nginx().url("remote1") + "\"}");
        assertThat(info.path("playback_url").asText()).isEqualTo(nginx().url("remote1"));
        assertThat(Waits.until(media(), () -> streaming("remote1"))).isTrue();
        try (MediaProbe player = MediaProbe.play(nginx().url("remote1"))) {
            assertThat(Waits.until(media(), () -> player.shows(GREEN, 40))).as(player.toString()).isTrue();
            assertThat(player.awaitTone(TONE_HZ, media())).as(player.toString()).isTrue();
            assertThat(player.videoCodec()).isEqualTo("h264");
            assertThat(player.audioCodec()).isEqualTo("aac");
        }
    }

    @Test
    void internalStreamPlaysFromTheEmbeddedServerAndSharesTheEncoderWithRemote() throws Exception {
        JsonNode info = start("{\"id\":\"int1\"}");
        assertThat(info.path("mode").asText()).isEqualTo("internal");
        assertThat(info.path("ingest_url").asText()).isEqualTo(rtmpServer.loopbackUrl("live/int1"));
        assertThat(info.path("playback_url").asText()).isEqualTo(info.path("ingest_url").asText());
        start("{\"id\":\"rem2\",\"mode\":\"remote\",\"target_url\":\"" + nginx().url("rem2") + "\"}");
        assertThat(captures.encoders()).isEqualTo(1);
        assertThat(captures.screenCaptures()).isEqualTo(1);
        assertThat(Waits.until(media(), () -> rtmpServer.streams().isPublished("live/int1"))).isTrue();
        try (MediaProbe internal = MediaProbe.play(info.path("playback_url").asText());
                MediaProbe remote = MediaProbe.play(nginx().url("rem2"))) {
            assertThat(Waits.until(media(), () -> internal.shows(GREEN, 40) && remote.shows(GREEN, 40)))
                    .as(internal + " / " + remote).isTrue();
            assertThat(internal.awaitTone(TONE_HZ, media())).as(internal.toString()).isTrue();
        }
        api.post("/stream/stop", "{\"id\":\"int1\"}");
        assertThat(captures.encoders()).isEqualTo(1);
        api.post("/stream/stop", "{\"id\":\"rem2\"}");
        assertThat(captures.encoders()).isZero();
        assertThat(captures.screenCaptures()).isZero();
    }

    @Test
    void remoteGoingAwayAndComingBackIsReconnected() throws Exception {
        start("{\"id\":\"flaky\",\"mode\":\"remote\",\"target_url\":\"" + nginx().url("flaky") + "\"}");
        // a second output of another kind keeps running while the remote fails
        start("{\"id\":\"steady\",\"mode\":\"socket\"}");
        assertThat(Waits.until(media(), () -> streaming("flaky"))).isTrue();
        nginx().stop();
        try {
            assertThat(Waits.until(media(), () -> !streaming("flaky") && !stream("flaky").path("last_error").asText().isEmpty()))
                    .as(stream("flaky").toString()).isTrue();
            assertThat(stream("steady").path("is_streaming").asBoolean()).isTrue();
        } finally {
            nginx().restart();
        }
        assertThat(Waits.until(media(), () -> streaming("flaky"))).as(stream("flaky").toString()).isTrue();
        assertThat(stream("flaky").has("last_error")).isFalse();
        try (MediaProbe player = MediaProbe.play(nginx().url("flaky"))) {
            assertThat(Waits.until(media(), () -> player.shows(GREEN, 40))).as(player.toString()).isTrue();
        }
    }

    private boolean streaming(String id) {
        return stream(id).path("is_streaming").asBoolean();
    }

    private JsonNode stream(String id) {
        for (JsonNode stream : api.get("/stream/list").json()) {
            if (stream.path("id").asText().equals(id)) {
                return stream;
            }
        }
        throw new AssertionError("no stream " + id);
    }
}
