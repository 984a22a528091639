package io.mediagateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import org.junit.jupiter.api.Test;

/**
 * The backstop under every WebSocket: once more than the bound waits to be written to a peer that does not read, the
 * connection is closed (in the gateway: gateway.http.max-websocket-pending-write-bytes, 16 MiB).
 */
class ConnectionGuardPendingWritesTest {

    @Test
    void aWebSocketWithMoreThanTheBoundPendingIsClosed() {
        EmbeddedChannel channel = new EmbeddedChannel(new ConnectionGuard("{}", "{}", 1000));
        channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[600]))); // written, never flushed
        assertThat(channel.isOpen()).as("under the bound").isTrue();

        channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[600])));

        assertThat(channel.isOpen()).as("over the bound: closed").isFalse();
    }
}
