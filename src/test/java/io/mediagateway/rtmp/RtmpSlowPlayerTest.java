package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediagateway.support.Waits;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** A player that stops reading is dropped once its queue is full; the publisher and the other player never notice. */
class RtmpSlowPlayerTest {

    private static final int MESSAGES = 1500;
    private static final int MESSAGE_BYTES = 10_000;

    @Test
    void stuckPlayerIsDroppedOthersGetEverything() throws Exception {
        try (RtmpTestServer rtmp = new RtmpTestServer(settings -> settings.setPlayerQueueBytes(256 * 1024));
                RtmpTestClient publisher = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
                RtmpTestClient stuck = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
                RtmpTestClient reader = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
            assertThat(publisher.publish("busy")).isEqualTo("NetStream.Publish.Start");
            assertThat(stuck.play("busy")).isEqualTo("NetStream.Play.Reset");
            assertThat(reader.play("busy")).isEqualTo("NetStream.Play.Reset");
            AtomicInteger videoReceived = new AtomicInteger();
            Thread reading = new Thread(() -> {
                try {
                    while (videoReceived.get() < MESSAGES) {
                        if (reader.next().isVideo()) {
                            videoReceived.incrementAndGet();
                        }
                    }
                } catch (java.io.IOException e) {
                    // counted below
                }
            });
            reading.start();

            byte[] payload = new byte[MESSAGE_BYTES];
            for (int i = 0; i < MESSAGES; i++) {
                payload[0] = (byte) (i % 50 == 0 ? 0x17 : 0x27);
                publisher.send(new RtmpMessage(RtmpMessage.VIDEO, i * 40L, 1, Buffer.buffer(payload)));
                if (i % 5 == 4) {
                    // ~25 MB/s: the stuck player's queue still fills within a second, while a reader that stalls for a
                    // moment on a busy machine is not mistaken for a stuck one
                    Thread.sleep(2);
                }
            }
            reading.join(60_000);
            assertThat(videoReceived.get()).as("the reading player got every frame").isEqualTo(MESSAGES);
            assertThat(Waits.until(Duration.ofSeconds(10), () -> rtmp.server.streams().playerCount("live/busy") == 1))
                    .as("the stuck player was dropped").isTrue();
            assertThat(rtmp.server.streams().isPublished("live/busy")).isTrue();
        }
    }
}
