package io.mediagateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.DeflateBomb;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.RawWebSocket;
import org.junit.jupiter.api.Test;

/**
 * WebSockets are not compressed: permessage-deflate offered by a client is not accepted, and a frame sent compressed
 * anyway (RSV1) is a protocol error that closes that connection without inflating anything — so a 32 KB deflate
 * bomb of 32 MiB cannot stall the event loop.
 */
class WebSocketCompressionTest extends GatewayTestSupport {

    private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

    @Test
    void permessageDeflateIsNotNegotiated() throws IOException {
        try (RawWebSocket socket = RawWebSocket.connect(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 0, OFFER)) {
            assertThat(socket.status()).isEqualTo(101);
            assertThat(socket.responseHead().toLowerCase()).doesNotContain("sec-websocket-extensions");
        }
    }

    @Test
    void aCompressedBombClosesItsConnectionAndTheGatewayAnswersOthers() throws Exception {
        byte[] bomb = DeflateBomb.of(32 * 1024 * 1024);
        assertThat(bomb.length).as("the bomb is small on the wire").isLessThan(64 * 1024);
        try (RawWebSocket socket = RawWebSocket.connect(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 0, OFFER)) {
            assertThat(socket.status()).isEqualTo(101);
            try {
                socket.sendFrame(0x80 | 0x40 | RawWebSocket.BINARY, bomb); // FIN + RSV1 (compressed) + binary
            } catch (IOException closedWhileSending) {
                // the gateway closed on the frame's header
            }
            RawWebSocket.Frame end = socket.awaitClose(Duration.ofSeconds(20));
            assertThat(end).as("the connection ends").isNotNull();
            if (end.opcode() == RawWebSocket.CLOSE) {
                assertThat(end.closeCode()).isEqualTo(1002); // protocol error
            }
        }
        assertThat(api.get("/health").status()).isEqualTo(200);
    }
}
