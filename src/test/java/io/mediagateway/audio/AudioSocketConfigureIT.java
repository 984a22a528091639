package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * With PulseAudio there, socket audio is accepted and rendered like every other type: format defaulted to mp3,
 * destination picking the sink, an absolute ws:// ingest URL, and the audio stats the status promises.
 */
class AudioSocketConfigureIT extends AudioIngestITSupport {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"audio\":{\"type\":\"socket\"}}                                  | microphone | audio_input",
            "{\"audio\":{\"type\":\"SOCKET\",\"format\":\"mp3\"}}               | microphone | audio_input",
            "{\"audio\":{\"type\":\"socket\",\"format\":\"MP3\",\"destination\":\"microphone\"}} | microphone | audio_input",
            "{\"audio\":{\"type\":\"socket\",\"destination\":\"speaker\"}}      | speaker    | audio_output",
            "{\"audio\":{\"type\":\"socket\",\"destination\":\"Speaker\"},\"start_paused\":true} | speaker | audio_output",
    })
    void socketAudioIsAcceptedWithFormatDestinationAndIngestUrl(String body, String destination, String sink) {
        JsonNode status = configure(body);

        assertThat(status.path("state").asText()).isIn("running", "paused");
        assertThat(status.path("audio").path("type").asText()).isEqualTo("socket");
        assertThat(status.path("audio").path("format").asText()).isEqualTo("mp3");
        assertThat(status.path("audio").path("destination").asText()).isEqualTo(destination);
        assertThat(status.path("audio_sink").asText()).isEqualTo(sink);
        JsonNode ingest = status.path("ingest").path("audio");
        assertThat(ingest.path("protocol").asText()).isEqualTo("socket");
        assertThat(ingest.path("format").asText()).isEqualTo("mp3");
        assertThat(ingest.path("destination").asText()).isEqualTo(destination);
        assertThat(ingest.path("url").asText()).isEqualTo("ws://127.0.0.1:" + httpServer.port() + AUDIO_SOCKET);
        assertThat(status.has("last_error")).isFalse();
    }

    @Test
    void statusCarriesTheAudioStats() {
        configure("{\"video\":{\"type\":\"socket\"},\"audio\":{\"type\":\"socket\"}}");

        JsonNode stats = audioStats();

        assertThat(stats.path("pipeline").asText()).isEqualTo("socket-mp3");
        for (String field : new String[] {"bytes_in", "chunks_in", "decoded_ms", "played_ms", "dropped_ms", "buffer_ms",
                "publishers", "garbage_bytes", "decode_errors", "discarded_ms", "silence_ms"}) {
            assertThat(stats.has(field)).as(field).isTrue();
            assertThat(stats.path(field).isNumber()).as(field).isTrue();
        }
        assertThat(stats.has("last_input_at")).as("nothing received yet").isFalse();
        assertThat(stats.path("publishers").asInt()).isZero();
    }

    @Test
    void lastInputAtIsAnRfc3339TimestampOnceAChunkArrived() throws Exception {
        configure("{\"audio\":{\"type\":\"socket\"}}");
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        try (io.mediagateway.support.WsClient ws = publisher()) {
            ws.sendBinary(io.mediagateway.support.TestAudio.mp3Tone440(java.time.Duration.ofSeconds(1)));
            assertThat(io.mediagateway.support.Waits.until(java.time.Duration.ofSeconds(10),
                    () -> audioStats().path("chunks_in").asLong() == 1)).isTrue();
            JsonNode stats = audioStats();
            assertThat(java.time.Instant.parse(stats.path("last_input_at").asText()))
                    .isBetween(before, java.time.Instant.now().plusSeconds(1));
            assertThat(stats.path("publishers").asInt()).isEqualTo(1);
            assertThat(stats.path("bytes_in").asLong()).isPositive();
        }
    }
}
