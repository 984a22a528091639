package io.mediagateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.RawWebSocket;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends pings and never reads the pongs is closed once 16 MiB (gateway.http.max-websocket-pending-write-bytes)
 * wait for it: Vert.x answers every ping, and 300 MB of pings never read took 1.2 GB of the gateway's memory.
 */
class WebSocketUnreadPeerTest extends GatewayTestSupport {

    private static final long FLOOD_BYTES = 300L * 1024 * 1024;

    @Test
    void aViewerThatSendsPingsAndNeverReadsIsClosed() throws Exception {
        assertThat(pingUntilClosed(FeedBroadcaster.SOCKET_PATH)).as("bytes of pings sent before the gateway closed")
                .isLessThan(FLOOD_BYTES);
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    @Test
    void aPublisherThatSendsPingsAndNeverReadsIsClosed() throws Exception {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");
        assertThat(pingUntilClosed(VirtualInputsStatus.VIDEO_SOCKET_PATH)).isLessThan(FLOOD_BYTES);
    }

    /** Sends pings without reading until the connection fails or {@link #FLOOD_BYTES} went out; returns bytes sent. */
    private long pingUntilClosed(String path) throws IOException {
        long sent = 0;
        try (RawWebSocket socket = RawWebSocket.connect(httpServer.port(), path, 4096)) {
            assertThat(socket.status()).isEqualTo(101);
            byte[] payload = new byte[125];
            while (sent < FLOOD_BYTES) {
                socket.sendFrame(0x80 | 0x9, payload);
                sent += payload.length + 6;
            }
        } catch (IOException closedByTheGateway) {
            // the outcome this test wants
        }
        return sent;
    }
}
