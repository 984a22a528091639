package io.mediagateway.mediasocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.mediagateway.support.ApiClient;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/** Who may publish: the gate, one publisher per path, WebSocket clients only; refusals are JSON before the upgrade. */
class MediaSocketAdmissionTest extends MediaSocketTestSupport {

    @Test
    void greetingIsTheFirstMessage() throws Exception {
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            assertThat(publisher.nextText(Duration.ofSeconds(10))).isEqualTo("test-format");
        }
    }

    @Test
    void aSecondPublisherIsRefusedWith409AndTheFirstKeepsWorking() throws Exception {
        try (WsClient first = WsClient.connect(httpServer.port(), ORDERED)) {
            WsClient.Refusal refusal = WsClient.refused(httpServer.port(), ORDERED);

            assertThat(refusal.status()).isEqualTo(409);
            assertThat(refusal.body()).contains("\"message\"").contains("already connected");
            first.sendBinary(new byte[] {0, 0, 0, 7});
            assertThat(Waits.until(Duration.ofSeconds(10), () -> recorder.events(ORDERED, "data").size() == 1)).isTrue();
            assertThat(first.isClosed()).isFalse();
        }
    }

    @Test
    void thePathIsFreeAgainOnceThePublisherLeaves() throws Exception {
        WsClient first = WsClient.connect(httpServer.port(), ORDERED);
        first.close();
        assertThat(Waits.until(Duration.ofSeconds(10), () -> mediaSockets.count(ORDERED) == 0)).isTrue();

        try (WsClient second = WsClient.connect(httpServer.port(), ORDERED)) {
            assertThat(second.nextText(Duration.ofSeconds(10))).isEqualTo("test-format");
        }
    }

    @Test
    void theGateRefusesWithItsMessage() {
        gate.refusal = "video is not configured as socket";

        WsClient.Refusal refusal = WsClient.refused(httpServer.port(), GATED);

        assertThat(refusal.status()).isEqualTo(409);
        assertThat(refusal.body()).isEqualTo("{\"message\":\"video is not configured as socket\"}");
        assertThat(recorder.events(GATED, "connected")).isEmpty();
    }

    @Test
    void plainHttpOnAWebSocketPathIs426Json() {
        ApiClient.Response response = new ApiClient(httpServer.port()).get(GATED);

        assertThat(response.status()).isEqualTo(426);
        assertThat(response.message()).contains("WebSocket");
    }
}
