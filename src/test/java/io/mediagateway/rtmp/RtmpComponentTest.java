package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mediagateway.support.Waits;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A route on {@code rtmp:live/tap?media=true} sees the publisher arrive, its media in order, and its departure. */
class RtmpComponentTest {

    @Test
    void routeTapsEventsAndMediaOfAPath() throws Exception {
        List<Exchange> seen = new CopyOnWriteArrayList<>();
        try (RtmpTestServer rtmp = new RtmpTestServer(); CamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("rtmp", new RtmpComponent(rtmp.server));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rtmp:live/tap?media=true").routeId("rtmp-tap").process(seen::add);
                    from("rtmp:/live/other/").routeId("rtmp-other").process(seen::add);
                }
            });
            camel.start();
            try (RtmpTestClient publisher = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
                assertThat(publisher.publish("tap")).isEqualTo("NetStream.Publish.Start");
                for (int i = 0; i < 5; i++) {
                    byte frameType = (byte) (i == 0 ? 0x17 : 0x27);
                    publisher.send(new RtmpMessage(RtmpMessage.VIDEO, i * 40L, 1, Buffer.buffer(new byte[] {frameType, 1, 0, 0, 0, (byte) i})));
                }
                assertThat(Waits.until(Duration.ofSeconds(10), () -> seen.size() >= 6)).isTrue();
            }
            assertThat(Waits.until(Duration.ofSeconds(10), () -> seen.size() >= 7)).isTrue();
        }
        assertThat(seen).extracting(e -> e.getMessage().getHeader(RtmpConstants.EVENT))
                .containsExactly("published", "media", "media", "media", "media", "media", "unpublished");
        assertThat(seen).extracting(e -> e.getMessage().getHeader(RtmpConstants.PATH)).containsOnly("live/tap");
        assertThat(seen.get(1).getMessage().getHeader(RtmpConstants.KEY_FRAME, Boolean.class)).isTrue();
        assertThat(seen.get(2).getMessage().getHeader(RtmpConstants.KEY_FRAME, Boolean.class)).isFalse();
        assertThat(seen.subList(1, 6)).extracting(e -> e.getMessage().getBody(byte[].class)[5])
                .as("in order").containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        assertThat(seen.get(5).getMessage().getHeader(RtmpConstants.TIMESTAMP, Long.class)).isEqualTo(160L);
        assertThat(seen.get(0).getMessage().getHeader(RtmpConstants.REMOTE_ADDRESS)).isEqualTo("127.0.0.1");
    }
}
