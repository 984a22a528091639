package io.mediagateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.RawHttp;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every WebSocket endpoint refuses a handshake it cannot take with the API's JSON error, not Vert.x's empty one. */
class WebSocketUpgradeRefusalTest extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n";

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String path : new String[] {FeedBroadcaster.SOCKET_PATH, VirtualInputsStatus.VIDEO_SOCKET_PATH,
                VirtualInputsStatus.AUDIO_SOCKET_PATH, "/stream/socket/default"}) {
            cases.add(Arguments.of(path, "plain GET", "GET", "", 426, "WebSocket endpoint"));
            cases.add(Arguments.of(path, "version 99", "GET", UPGRADE + KEY + "Sec-WebSocket-Version: 99\r\n", 426, "version 13"));
            cases.add(Arguments.of(path, "no key", "GET", UPGRADE + "Sec-WebSocket-Version: 13\r\n", 400, "Sec-WebSocket-Key"));
            cases.add(Arguments.of(path, "bad key", "GET", UPGRADE + "Sec-WebSocket-Key: !!\r\nSec-WebSocket-Version: 13\r\n",
                    400, "Sec-WebSocket-Key"));
            cases.add(Arguments.of(path, "POST", "POST", UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n",
                    405, "GET, not POST"));
            cases.add(Arguments.of(path, "no Connection: Upgrade", "GET", "Upgrade: websocket\r\n" + KEY
                    + "Sec-WebSocket-Version: 13\r\n", 400, "Connection: Upgrade"));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void isRefusedAsJson(String path, String what, String method, String headers, int status, String messagePart)
            throws Exception {
        RawHttp.Answer answer = RawHttp.send(httpServer.port(), method + " " + path + " HTTP/1.1\r\nHost: x\r\n"
                + headers + "\r\n", Duration.ofSeconds(2));

        assertThat(answer.status()).as(answer.head()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(JSON.readTree(answer.body()).path("message").asText()).contains(messagePart);
        if (status == 426) {
            assertThat(answer.header("Sec-WebSocket-Version")).isEqualTo("13");
        }
    }
}
