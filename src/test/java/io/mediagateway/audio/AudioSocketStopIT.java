package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.mediagateway.support.PulseRecorder;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.ToneAnalysis;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/**
 * Stop (and a configuration without socket audio) closes the publisher with a close reason that says why, releases the
 * sink, and the microphone goes silent.
 */
class AudioSocketStopIT extends AudioIngestITSupport {

    private static final byte[] TONE = TestAudio.mp3Tone440(Duration.ofSeconds(10));

    @Test
    void stopClosesThePublisherWithAReasonAndSilencesTheMicrophone() throws Exception {
        configure("{\"audio\":{\"type\":\"socket\"}}");
        try (WsClient ws = publisher(); AudioSender sender = AudioSender.realTime(ws, TONE, 2, true)) {
            awaitPlayed(700);

            assertThat(api.post(STOP, null).json().path("state").asText()).isEqualTo("idle");

            WsClient.Close close = ws.awaitClose(Duration.ofSeconds(10));
            assertThat(close).as("the server closed the socket").isNotNull();
            assertThat(close.code()).isIn(1000, 1001);
            assertThat(close.reason()).contains("stopped");
        }
        Thread.sleep(200);
        short[] after = PulseRecorder.record(pulse(), MIC, Duration.ofMillis(700));
        assertThat(ToneAnalysis.rms(after)).isLessThan(20);
        // the idle streams that keep the sinks ready (ReadySinks) stay; the ingest's own stream is gone
        assertThat(sinkInputs()).as("no ingest stream left in PulseAudio").doesNotContain("Media Gateway ingest");
    }

    @Test
    void reconfiguringWithoutSocketAudioClosesThePublisherWithAReason() throws Exception {
        configure("{\"audio\":{\"type\":\"socket\"}}");
        try (WsClient ws = publisher()) {
            configure("{\"video\":{\"type\":\"webrtc\"}}");

            WsClient.Close close = ws.awaitClose(Duration.ofSeconds(10));
            assertThat(close).isNotNull();
            assertThat(close.reason()).contains("replaced by a new configuration");
        }
        WsClient.Refusal refusal = WsClient.refused(httpServer.port(), AUDIO_SOCKET);
        assertThat(refusal.status()).isEqualTo(409);
    }

    private String sinkInputs() {
        return io.mediagateway.support.SharedPulseAudio.get().pactl("list", "sink-inputs").output();
    }
}
