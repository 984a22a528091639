package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediagateway.support.Waits;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The server-wide budget of pending bytes: sessions holding unfinished messages are admitted until the total would
 * pass gateway.rtmp.max-pending-bytes; each one past it is closed, those within it stay open, and a live publisher
 * and its player go on as if nothing happened (a publisher is counted but never refused).
 */
class RtmpPendingBudgetTest {

    private static final int HELD = 32 * 1024;
    private static final int BUDGET = 16 * HELD;
    private static final int SESSIONS = 24;
    private static final int FRAMES = 100;

    @Test
    void sessionsPastTheBudgetAreClosedThePublisherGoesOn() throws Exception {
        try (RtmpTestServer rtmp = new RtmpTestServer(settings -> {
                    settings.setMaxPendingBytes(BUDGET);
                    settings.setIdleTimeout(Duration.ofMinutes(5)); // the sessions within the budget must stay
                    settings.setPlayerQueueBytes(32 * 1024 * 1024); // the player reads on a busy machine: never "too slow"
                });
                RtmpTestClient publisher = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
                RtmpTestClient player = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
            assertThat(publisher.publish("budget")).isEqualTo("NetStream.Publish.Start");
            assertThat(player.play("budget")).isEqualTo("NetStream.Play.Reset");

            List<RtmpTestClient> admitted = new ArrayList<>();
            int refused = 0;
            try {
                for (int i = 0; i < SESSIONS; i++) {
                    RtmpTestClient session = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
                    int open = rtmp.server.connectionCount();
                    long pending = rtmp.server.pendingBytes();
                    session.sendUnfinished(4, 4 * 1024 * 1024, HELD);
                    assertThat(Waits.until(Duration.ofSeconds(20),
                            () -> rtmp.server.pendingBytes() == pending + HELD || rtmp.server.connectionCount() < open))
                            .as("session %d admitted or closed", i).isTrue();
                    if (rtmp.server.connectionCount() < open) {
                        assertThat(session.closedByServer(Duration.ofSeconds(20))).isTrue();
                        session.close();
                        refused++;
                    } else {
                        admitted.add(session);
                    }
                }
                assertThat(admitted).as("exactly the sessions the budget holds").hasSize(BUDGET / HELD);
                assertThat(refused).isEqualTo(SESSIONS - BUDGET / HELD);

                // the budget is spent: the publisher's frames still go through, whole, to its player
                AtomicInteger videoReceived = new AtomicInteger();
                Thread reading = new Thread(() -> {
                    try {
                        while (videoReceived.get() < FRAMES) {
                            if (player.next().isVideo()) {
                                videoReceived.incrementAndGet();
                            }
                        }
                    } catch (java.io.IOException e) {
                        // counted below
                    }
                });
                reading.start();
                byte[] payload = new byte[10_000];
                for (int i = 0; i < FRAMES; i++) {
                    payload[0] = (byte) (i % 25 == 0 ? 0x17 : 0x27);
                    publisher.send(new RtmpMessage(RtmpMessage.VIDEO, i * 40L, 1, Buffer.buffer(payload)));
                }
                reading.join(60_000);
                assertThat(videoReceived.get()).as("the player got every frame").isEqualTo(FRAMES);
                assertThat(rtmp.server.streams().isPublished("live/budget")).isTrue();
                assertThat(rtmp.server.connectionCount()).as("publisher, player and the admitted sessions are open")
                        .isEqualTo(2 + admitted.size());
                assertThat(Waits.until(Duration.ofSeconds(20), () -> rtmp.server.pendingBytes() == (long) admitted.size() * HELD))
                        .as("pending bytes back to what the admitted sessions hold").isTrue();
            } finally {
                for (RtmpTestClient session : admitted) {
                    session.close();
                }
            }
        }
    }
}
