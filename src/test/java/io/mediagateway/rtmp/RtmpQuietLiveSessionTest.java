package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Live sessions are never timed out: a publisher and a player that stay silent for several idle timeouts (the
 * publisher paused, nothing to play) stay connected, and the next frame reaches the player. A session connected with
 * them that never went live is closed meanwhile, so the idle timer did run.
 */
class RtmpQuietLiveSessionTest {

    private static final Duration IDLE = Duration.ofSeconds(1);

    @Test
    void quietPublisherAndPlayerStay() throws Exception {
        try (RtmpTestServer rtmp = new RtmpTestServer(settings -> settings.setIdleTimeout(IDLE));
                RtmpTestClient publisher = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
                RtmpTestClient player = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
                RtmpTestClient idle = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
            assertThat(publisher.publish("quiet")).isEqualTo("NetStream.Publish.Start");
            assertThat(player.play("quiet")).isEqualTo("NetStream.Play.Reset");

            assertThat(idle.closedByServer(Duration.ofSeconds(20))).as("the session that never went live").isTrue();
            Thread.sleep(3 * IDLE.toMillis()); // more silence: a wrongly armed timer would have fired by now

            assertThat(rtmp.server.connectionCount()).isEqualTo(2);
            assertThat(rtmp.server.streams().isPublished("live/quiet")).isTrue();
            assertThat(rtmp.server.streams().playerCount("live/quiet")).isEqualTo(1);
            publisher.send(new RtmpMessage(RtmpMessage.VIDEO, 0, 1, Buffer.buffer(new byte[] {0x17, 1, 0, 0, 0, 42})));
            RtmpMessage received;
            do {
                received = player.next();
            } while (!received.isVideo());
            assertThat(received.payload().getByte(5)).isEqualTo((byte) 42);
        }
    }
}
