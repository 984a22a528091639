package io.mediagateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.RawHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A request whose head or framing is wrong gets the API's JSON error with the right status at once, and its
 * connection is closed (its body is never read as the next request). None of them changes anything.
 */
class HttpHeadRefusalTest extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<HostileRequests.Case> cases() {
        return HostileRequests.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isAnsweredAsJsonAndClosed(HostileRequests.Case c) throws Exception {
        RawHttp.Answer answer = RawHttp.send(httpServer.port(), c.request(), Duration.ofSeconds(20));

        assertThat(answer.status()).as("status; head %s", answer.head()).isEqualTo(c.status());
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("message").asText()).contains(c.messagePart());
        assertThat(answer.closed()).as("connection closed after the answer").isTrue();
    }

    @Test
    void aStopWithAnUnreadableBodyStopsNothing() throws Exception {
        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"}}");
        for (String encoding : List.of("gzip", "identity")) {
            RawHttp.Answer answer = RawHttp.send(httpServer.port(), "POST " + STOP + " HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: " + encoding + "\r\n\r\n{\"please\":\"do not stop\"}", Duration.ofSeconds(20));
            assertThat(answer.status()).isEqualTo(400);
        }
        assertThat(api.get(STATUS).json().path("state").asText()).isEqualTo("running");
    }

    @Test
    void anH2cUpgradeIsIgnoredAndTheRequestAnsweredAsHttp1() throws Exception {
        RawHttp.Answer answer = RawHttp.send(httpServer.port(), "GET /health HTTP/1.1\r\nHost: x\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: !!!\r\n\r\n", Duration.ofSeconds(2));
        assertThat(answer.status()).as(answer.head()).isEqualTo(200);
        assertThat(answer.body()).contains("\"status\"");
    }
}
