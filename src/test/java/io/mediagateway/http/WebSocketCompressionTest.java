package io.mediagateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;

import io.mediagateway.feed.FeedBroadcaster;
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
        byte[] bomb = deflated(32 * 1024 * 1024);
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

    /** {@code size} bytes of 0x01, raw-deflated as permessage-deflate sends them (trailing 00 00 FF FF removed). */
    static byte[] deflated(int size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] ones = new byte[1024 * 1024];
        Arrays.fill(ones, (byte) 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int fed = 0; fed < size; fed += ones.length) {
            deflater.setInput(ones);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
            }
        }
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }
}
