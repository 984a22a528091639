package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import io.mediagateway.support.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connected session that neither publishes nor plays is closed after gateway.rtmp.idle-timeout: one that never
 * starts, one that keeps sending commands but never starts, and one whose stream ended while it stays connected.
 */
class RtmpIdleSessionTest {

    private RtmpTestServer rtmp;

    @BeforeEach
    void start() {
        rtmp = new RtmpTestServer(settings -> settings.setIdleTimeout(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        rtmp.close();
    }

    @Test
    void sessionThatNeverStartsIsClosed() throws Exception {
        try (RtmpTestClient session = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
            assertThat(session.closedByServer(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(Waits.until(Duration.ofSeconds(10), () -> rtmp.server.connectionCount() == 0)).isTrue();
    }

    @Test
    void sessionThatOnlyTalksIsClosed() throws Exception {
        try (RtmpTestClient session = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
            boolean closed = Waits.until(Duration.ofSeconds(20), () -> {
                try {
                    session.command("createStream", null); // traffic, but no publish or play
                    return rtmp.server.connectionCount() == 0;
                } catch (IOException closedByServer) {
                    return true;
                }
            });
            assertThat(closed).isTrue();
        }
        assertThat(Waits.until(Duration.ofSeconds(10), () -> rtmp.server.connectionCount() == 0)).isTrue();
    }

    @Test
    void sessionsWhoseStreamEndedAreClosed() throws Exception {
        try (RtmpTestClient publisher = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
                RtmpTestClient player = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
            assertThat(publisher.publish("ended")).isEqualTo("NetStream.Publish.Start");
            assertThat(player.play("ended")).isEqualTo("NetStream.Play.Reset");
            publisher.command("FCUnpublish", null);
            player.command("closeStream", null);
            assertThat(publisher.closedByServer(Duration.ofSeconds(20))).isTrue();
            assertThat(player.closedByServer(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(rtmp.server.streams().isPublished("live/ended")).isFalse();
        assertThat(Waits.until(Duration.ofSeconds(10), () -> rtmp.server.connectionCount() == 0)).isTrue();
    }
}
