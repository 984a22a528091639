package io.mediagateway.mediasocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.mediagateway.support.Waits;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/** Numbered chunks of uneven size, sent as fast as possible into a route slower than the sender, arrive in order. */
class MediaSocketOrderTest extends MediaSocketTestSupport {

    private static final int CHUNKS = 500;

    @Test
    void chunksReachTheRouteInTheOrderTheyWereSent() throws Exception {
        Random random = new Random(42);
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            for (int i = 0; i < CHUNKS; i++) {
                int size = 4 + switch (i % 4) {
                    case 0 -> random.nextInt(16);
                    case 1 -> random.nextInt(4_096);
                    case 2 -> random.nextInt(65_536);
                    default -> 65_536 + random.nextInt(200_000);
                };
                byte[] chunk = new byte[size];
                random.nextBytes(chunk);
                chunk[0] = (byte) (i >>> 24);
                chunk[1] = (byte) (i >>> 16);
                chunk[2] = (byte) (i >>> 8);
                chunk[3] = (byte) i;
                publisher.sendBinary(chunk);
            }
            assertThat(Waits.until(Duration.ofSeconds(60), () -> recorder.events(ORDERED, "data").size() == CHUNKS))
                    .as("all %d chunks processed (got %d)", CHUNKS, recorder.events(ORDERED, "data").size()).isTrue();
        }

        List<Seen> data = recorder.events(ORDERED, "data");
        assertThat(data).extracting(Seen::index).containsExactlyElementsOf(IntStream.range(0, CHUNKS).boxed().toList());
        assertThat(data).extracting(Seen::sequence)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, CHUNKS).mapToObj(i -> (long) i).toList());
        assertThat(data).extracting(Seen::connection).containsOnly(data.get(0).connection());
    }

    @Test
    void connectedComesFirstAndDisconnectedLast() throws Exception {
        try (WsClient publisher = WsClient.connect(httpServer.port(), ORDERED)) {
            for (int i = 0; i < 20; i++) {
                publisher.sendBinary(new byte[] {0, 0, 0, (byte) i, 1, 2, 3});
            }
            // closed only once the route has them all: the client's close may reset the connection, and a reset
            // discards what the server (pausing reads for flow control) has not read yet
            assertThat(Waits.until(Duration.ofSeconds(20), () -> recorder.events(ORDERED, "data").size() == 20))
                    .as("got %d", recorder.events(ORDERED, "data").size()).isTrue();
        }
        String connection = recorder.events(ORDERED, "data").get(0).connection();
        assertThat(Waits.until(Duration.ofSeconds(20), () -> recorder.seen.stream()
                .anyMatch(s -> s.connection().equals(connection) && s.event().equals("disconnected")))).isTrue();

        List<String> events = recorder.seen.stream().filter(s -> s.connection().equals(connection)).map(Seen::event).toList();
        assertThat(events.get(0)).isEqualTo("connected");
        assertThat(events.get(events.size() - 1)).isEqualTo("disconnected");
        assertThat(events.subList(1, events.size() - 1)).hasSize(20).containsOnly("data");
    }
}
