package io.mediagateway.mediasocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A publisher flushes what it sent — a {@code {"type":"flush"}} text frame, or a close with code 4000: the chunks still
 * queued in the socket are dropped, not routed; what it sends after a flush is routed as usual.
 */
class MediaSocketFlushTest extends MediaSocketTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void aFlushTextFrameDropsTheQueuedChunksAndLaterOnesAreRouted() throws Exception {
        MediaSocketConsumer consumer = (MediaSocketConsumer) camel.getRoute("test-ordered").getConsumer();
        long flushesBefore = consumer.flushes();
        long flushedBefore = consumer.chunksFlushed();
        CountDownLatch hold = new CountDownLatch(1);
        recorder.hold = hold; // the route is busy: the chunks queue up behind the connected event
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            for (int i = 1; i <= 6; i++) {
                publisher.sendBinary(new byte[] {0, 0, 0, (byte) i});
            }
            publisher.sendText("{\"type\":\"flush\"}");
            assertThat(Waits.until(Duration.ofSeconds(10), () -> consumer.flushes() == flushesBefore + 1)).isTrue();
            hold.countDown();
            publisher.sendBinary(new byte[] {0, 0, 0, 7});
            assertThat(Waits.until(Duration.ofSeconds(10), () -> !recorder.events(ORDERED, "data").isEmpty())).isTrue();
        }
        assertThat(recorder.events(ORDERED, "data")).singleElement().satisfies(d -> assertThat(d.index()).isEqualTo(7));
        assertThat(consumer.chunksFlushed() - flushedBefore).isEqualTo(6);
    }

    @Test
    void closeCode4000DropsTheQueuedChunks() throws Exception {
        MediaSocketConsumer consumer = (MediaSocketConsumer) camel.getRoute("test-ordered").getConsumer();
        long flushedBefore = consumer.chunksFlushed();
        CountDownLatch hold = new CountDownLatch(1);
        recorder.hold = hold;
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            for (int i = 1; i <= 6; i++) {
                publisher.sendBinary(new byte[] {0, 0, 0, (byte) i});
            }
            publisher.closeWith(4000, "flush");
            hold.countDown();
        }
        assertThat(Waits.until(Duration.ofSeconds(10), () -> !recorder.events(ORDERED, "disconnected").isEmpty())).isTrue();
        assertThat(recorder.events(ORDERED, "data")).isEmpty();
        assertThat(consumer.chunksFlushed() - flushedBefore).isEqualTo(6);
    }

    @Test
    void otherTextIsStillIgnoredAndCounted() throws Exception {
        MediaSocketConsumer consumer = (MediaSocketConsumer) camel.getRoute("test-ordered").getConsumer();
        long flushesBefore = consumer.flushes();
        long ignoredBefore = consumer.textFramesIgnored();
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            for (String text : new String[] {"{\"type\":\"flush\"", "{\"type\":\"mark\"}", "flush", "{\"type\":1}"}) {
                publisher.sendText(text);
            }
            publisher.sendBinary(new byte[] {0, 0, 0, 1});
            assertThat(Waits.until(Duration.ofSeconds(10), () -> recorder.events(ORDERED, "data").size() == 1)).isTrue();
        }
        assertThat(consumer.textFramesIgnored() - ignoredBefore).isEqualTo(4);
        assertThat(consumer.flushes()).isEqualTo(flushesBefore);
    }
}
