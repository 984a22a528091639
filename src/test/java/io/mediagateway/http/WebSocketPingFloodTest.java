package io.mediagateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.RawWebSocket;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.api.Test;

/**
 * A peer pinging more than 50 times a second is closed with 1008: Vert.x answers every ping, so a flood kept the event
 * loops busy and, never read, its pongs took 1.2 GB of memory per 300 MB of pings. A peer that pings politely is answered.
 */
class WebSocketPingFloodTest extends GatewayTestSupport {

    @Test
    void aViewerThatFloodsPingsIsClosedWith1008() throws Exception {
        assertClosedForFlooding(FeedBroadcaster.SOCKET_PATH);
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    @Test
    void aPublisherThatFloodsPingsIsClosedWith1008() throws Exception {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");
        assertClosedForFlooding(VirtualInputsStatus.VIDEO_SOCKET_PATH);
    }

    @Test
    void aFewPingsAreAnsweredWithPongs() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 0)) {
            for (int i = 0; i < 10; i++) {
                socket.sendFrame(0x80 | 0x9, new byte[] {(byte) i});
            }
            int pongs = 0;
            for (RawWebSocket.Frame frame; pongs < 10 && (frame = socket.readFrame(Duration.ofSeconds(20))) != null; ) {
                assertThat(frame.opcode()).as("no close").isNotIn(RawWebSocket.CLOSE, RawWebSocket.ENDED);
                if (frame.opcode() == 0xA) {
                    pongs++;
                }
            }
            assertThat(pongs).isEqualTo(10);
        }
    }

    /** Sends 10,000 pings without reading, then reads until the close: 1008, and not all of them were taken. */
    private void assertClosedForFlooding(String path) throws IOException {
        try (RawWebSocket socket = RawWebSocket.connect(httpServer.port(), path, 0)) {
            assertThat(socket.status()).isEqualTo(101);
            try {
                for (int i = 0; i < 10_000; i++) {
                    socket.sendFrame(0x80 | 0x9, new byte[125]);
                }
            } catch (IOException closedWhileSending) {
                // closed by the gateway
            }
            RawWebSocket.Frame end = socket.awaitClose(Duration.ofSeconds(20));
            assertThat(end).as("the flood's connection ends").isNotNull();
            if (end.opcode() == RawWebSocket.CLOSE) {
                assertThat(end.closeCode()).isEqualTo(1008);
                assertThat(end.closeReason()).isEqualTo("too many pings");
            }
        }
    }
}
