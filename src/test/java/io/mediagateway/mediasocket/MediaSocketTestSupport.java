package io.mediagateway.mediasocket;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.support.GatewayTest;
import io.mediagateway.support.Waits;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** Test routes on media-socket endpoints, recording every event the route sees, in the order it sees them. */
@GatewayTest
@Import(MediaSocketTestSupport.Routes.class)
@TestPropertySource(properties = "gateway.http.max-websocket-message-bytes=1048576")
abstract class MediaSocketTestSupport {

    static final String ORDERED = "/test/media-socket/ordered";
    static final String GATED = "/test/media-socket/gated";

    /** One event as the route saw it. {@code index} is the first 4 bytes of a data chunk (the sender's number). */
    record Seen(String path, String event, String connection, long sequence, int index, int size, String reason) {
    }

    @Autowired
    GatewayHttpServer httpServer;
    @Autowired
    MediaSocketRegistry mediaSockets;
    @Autowired
    Recorder recorder;
    @Autowired
    Gate gate;

    @BeforeEach
    void reset() throws InterruptedException {
        mediaSockets.close(ORDERED, "test reset");
        mediaSockets.close(GATED, "test reset");
        // the slot is freed as the disconnect starts through the route, before the route records it: wait for the
        // record of every connection's end, so no event of this test reaches the next one
        Waits.until(Duration.ofSeconds(10), () -> mediaSockets.count(ORDERED) == 0 && mediaSockets.count(GATED) == 0
                && recorder.everyConnectionEnded());
        recorder.seen.clear();
        recorder.hold = null;
        gate.refusal = null;
    }

    static final class Recorder {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        /** While set, the ordered route holds every event here (so a publisher's chunks queue up behind it). */
        volatile CountDownLatch hold;

        List<Seen> events(String path, String event) {
            return seen.stream().filter(s -> s.path().equals(path) && s.event().equals(event)).toList();
        }

        boolean everyConnectionEnded() {
            Set<String> ended = seen.stream().filter(s -> s.event().equals("disconnected")).map(Seen::connection)
                    .collect(Collectors.toSet());
            return seen.stream().filter(s -> s.event().equals("connected")).allMatch(s -> ended.contains(s.connection()));
        }
    }

    static final class Gate implements MediaSocketGate {
        volatile String refusal;

        @Override
        public Optional<String> refusal(String path) {
            return Optional.ofNullable(refusal);
        }
    }

    @TestConfiguration
    static class Routes {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        Gate testGate() {
            return new Gate();
        }

        @Bean
        RouteBuilder mediaSocketTestRoutes(Recorder recorder) {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("media-socket:" + ORDERED + "?greeting=test-format&queueHighWater=8").routeId("test-ordered")
                            .process(e -> {
                                // uneven processing time, so chunks pile up and flow control has work to do
                                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 3));
                                CountDownLatch hold = recorder.hold;
                                if (hold != null) {
                                    hold.await(30, TimeUnit.SECONDS);
                                }
                                recorder.seen.add(seen(ORDERED, e));
                            });
                    from("media-socket:" + GATED + "?gate=#testGate").routeId("test-gated")
                            .process(e -> recorder.seen.add(seen(GATED, e)));
                }
            };
        }

        private static Seen seen(String path, org.apache.camel.Exchange e) {
            byte[] body = e.getMessage().getBody(byte[].class);
            int index = body != null && body.length >= 4
                    ? ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff) : -1;
            return new Seen(path, e.getMessage().getHeader(MediaSocketConstants.EVENT, String.class),
                    e.getMessage().getHeader(MediaSocketConstants.CONNECTION_ID, String.class),
                    e.getMessage().getHeader(MediaSocketConstants.SEQUENCE, 0L, Long.class), index,
                    body == null ? 0 : body.length, e.getMessage().getHeader(MediaSocketConstants.CLOSE_REASON, String.class));
        }
    }
}
