package io.mediagateway.mediasocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.mediagateway.support.RawWebSocket;
import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** How connections end: closed by the gateway with a reason, by an oversize message, or by the publisher. */
class MediaSocketCloseTest extends MediaSocketTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void theGatewayClosesPublishersWithAReasonAndTheRouteHearsIt() throws Exception {
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            assertThat(publisher.nextText(Duration.ofSeconds(10))).isNotNull();

            assertThat(mediaSockets.close(ORDERED, "virtual inputs stopped")).isEqualTo(1);

            WsClient.Close close = publisher.awaitClose(Duration.ofSeconds(10));
            assertThat(close).isNotNull();
            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.reason()).isEqualTo("virtual inputs stopped");
        }
        assertThat(Waits.until(Duration.ofSeconds(10), () -> !recorder.events(ORDERED, "disconnected").isEmpty())).isTrue();
        assertThat(recorder.events(ORDERED, "disconnected").get(0).reason()).isEqualTo("virtual inputs stopped");
    }

    @Test
    void chunksQueuedWhenTheGatewayClosesAreDroppedAndTheSlotIsFreeAtOnce() throws Exception {
        MediaSocketConsumer consumer = (MediaSocketConsumer) camel.getRoute("test-ordered").getConsumer();
        long droppedBefore = consumer.chunksDroppedAfterClose();
        CountDownLatch hold = new CountDownLatch(1);
        recorder.hold = hold; // the route is busy: the publisher's chunks queue up behind it
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            long textsBefore = consumer.textFramesIgnored();
            for (int i = 1; i <= 6; i++) { // under the queue's high water (8): all of them are read and queued
                publisher.sendBinary(new byte[] {0, 0, 0, (byte) i});
            }
            publisher.sendText("marker"); // frames are read in order: once it is counted, the six chunks are queued
            assertThat(Waits.until(Duration.ofSeconds(10), () -> consumer.textFramesIgnored() == textsBefore + 1)).isTrue();

            assertThat(mediaSockets.close(ORDERED, "virtual inputs stopped")).isEqualTo(1);
            hold.countDown();

            assertThat(Waits.until(Duration.ofSeconds(10), () -> mediaSockets.count(ORDERED) == 0)).isTrue();
            assertThat(publisher.awaitClose(Duration.ofSeconds(10))).isNotNull();
        }
        // the slot is freed as the disconnect starts through the route, before the route has recorded it
        assertThat(Waits.until(Duration.ofSeconds(10), () -> !recorder.events(ORDERED, "disconnected").isEmpty())).isTrue();
        assertThat(recorder.events(ORDERED, "data")).as("none of the queued chunks reached the route").isEmpty();
        assertThat(Waits.until(Duration.ofSeconds(10), () -> consumer.chunksDroppedAfterClose() - droppedBefore == 6))
                .as("all six queued chunks dropped").isTrue();
        assertThat(recorder.events(ORDERED, "disconnected")).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("virtual inputs stopped"));
        assertNextPublisherIsHeard();
    }

    @Test
    void aMessageOverTheLimitDropsThatPublisherAndOthersCanConnect() throws Exception {
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            publisher.sendOverLimit(new byte[2 * 1024 * 1024], Duration.ofSeconds(10));
        }
        assertThat(recorder.events(ORDERED, "data")).isEmpty();
        assertNextPublisherIsHeard();
    }

    @Test
    void aMessageOverTheLimitInFragmentsClosesWith1009() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(httpServer.port(), ORDERED, 0)) {
            assertThat(raw.status()).isEqualTo(101);
            byte[] fragment = new byte[32 * 1024];
            try {
                raw.sendFrame(RawWebSocket.BINARY, false, fragment);
                for (int sent = fragment.length; sent <= 2 * 1024 * 1024; sent += fragment.length) {
                    raw.sendFrame(RawWebSocket.CONTINUATION, false, fragment);
                }
            } catch (java.io.IOException closedWhileSending) {
                // the gateway closed as soon as the limit was passed
            }
            RawWebSocket.Frame close = raw.awaitClose(Duration.ofSeconds(10));
            assertThat(close).as("close frame").isNotNull();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.closeReason()).startsWith("message larger than");
        }
        assertThat(recorder.events(ORDERED, "data")).isEmpty();
        assertNextPublisherIsHeard();
    }

    private void assertNextPublisherIsHeard() throws Exception {
        assertThat(Waits.until(Duration.ofSeconds(10), () -> mediaSockets.count(ORDERED) == 0)).isTrue();
        try (WsClient next = WsClient.connect(httpServer.port(), ORDERED)) {
            next.sendBinary(new byte[] {0, 0, 0, 1});
            assertThat(Waits.until(Duration.ofSeconds(10), () -> recorder.events(ORDERED, "data").size() == 1)).isTrue();
        }
    }

    @Test
    void textFramesAreIgnoredAndCounted() throws Exception {
        MediaSocketConsumer consumer = (MediaSocketConsumer) camel.getRoute("test-ordered").getConsumer();
        long before = consumer.textFramesIgnored();
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            publisher.sendText("not media");
            publisher.sendBinary(new byte[] {0, 0, 0, 9});
            assertThat(Waits.until(Duration.ofSeconds(10), () -> recorder.events(ORDERED, "data").size() == 1)).isTrue();
        }
        assertThat(consumer.textFramesIgnored()).isEqualTo(before + 1);
        assertThat(recorder.events(ORDERED, "data").get(0).index()).isEqualTo(9);
    }
}
