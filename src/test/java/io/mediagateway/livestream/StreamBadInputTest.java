package io.mediagateway.livestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bad input across the stream endpoints (no X display and no PulseAudio here, see @GatewayTest). Each case gets its
 * exact status and a JSON message saying what is wrong, and nothing starts: the list stays empty.
 */
class StreamBadInputTest extends GatewayTestSupport {

    private static final String START = "/stream/start";
    private static final String STOP = "/stream/stop";
    private static final String OFFER = "/stream/webrtc/offer";
    private static final String LONG_ID = "a".repeat(65);
    /** Passes the gateway's SDP checks (a VP8 video section); only libwebrtc would refuse it. */
    private static final String VP8_SDP = "v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n";

    @Autowired
    CaptureSupervisor captures;

    static Stream<Arguments> badStarts() {
        return Stream.of(
                arguments("[]", 400, "must be a JSON object"),
                arguments("\"internal\"", 400, "must be a JSON object"),
                arguments("{", 400, "Malformed JSON"),
                arguments("{\"id\":\"a\"} {}", 400, "exactly one object"),
                arguments("{\"ids\":\"a\"}", 400, "Unknown field 'ids'"),
                arguments("{\"id\":5}", 400, "Field 'id' must be a string"),
                arguments("{\"id\":\"\"}", 400, "Field 'id'"),
                arguments("{\"id\":\"has space\"}", 400, "Field 'id'"),
                arguments("{\"id\":\"a/b\"}", 400, "Field 'id'"),
                arguments("{\"id\":\"../etc\"}", 400, "Field 'id'"),
                arguments("{\"id\":\"" + LONG_ID + "\"}", 400, "1 to 64"),
                arguments("{\"id\":\"ünï\"}", 400, "Field 'id'"),
                arguments("{\"mode\":\"rtmp\"}", 400, "internal, remote, webrtc, socket"),
                arguments("{\"mode\":\"\"}", 400, "Field 'mode'"),
                arguments("{\"mode\":1}", 400, "Field 'mode' must be a string"),
                arguments("{\"mode\":null,\"framerate\":0}", 400, "between 1 and 20"),
                arguments("{\"framerate\":21}", 400, "between 1 and 20"),
                arguments("{\"framerate\":-5}", 400, "between 1 and 20"),
                arguments("{\"framerate\":10.5}", 400, "Field 'framerate' must be an integer"),
                arguments("{\"framerate\":\"20\"}", 400, "Field 'framerate' must be an integer"),
                arguments("{\"framerate\":99999999999}", 400, "framerate"),
                arguments("{\"mode\":\"remote\"}", 400, "'target_url' is required"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"\"}", 400, "'target_url' is empty"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"http://example.com/live/x\"}", 400, "rtmp:// or rtmps://"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"srt://example.com:9000\"}", 400, "rtmp:// or rtmps://"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"file:///etc/passwd\"}", 400, "rtmp:// or rtmps://"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"example.com/live\"}", 400, "rtmp:// or rtmps://"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"rtmp:///live/x\"}", 400, "no host"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"rtmp://example.com\"}", 400, "no application path"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"rtmp://exa mple.com/live\"}", 400, "without spaces"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"rtmp://example.com/live)x\"}", 400, "')'"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"rtmp://example.com/" + "x".repeat(2100) + "\"}", 400, "longer than"),
                arguments("{\"mode\":\"remote\",\"target_url\":5}", 400, "Field 'target_url' must be a string"),
                arguments("{\"mode\":\"internal\",\"target_url\":\"rtmp://example.com/live/x\"}", 400, "only for mode remote"),
                arguments("{\"mode\":\"socket\",\"target_url\":\"rtmp://example.com/live/x\"}", 400, "only for mode remote"),
                arguments("{\"mode\":\"socket\",\"format\":\"webm\"}", 400, "mpegts"),
                arguments("{\"mode\":\"socket\",\"format\":5}", 400, "Field 'format' must be a string"),
                arguments("{\"mode\":\"internal\",\"format\":\"mpegts\"}", 400, "only for mode socket"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"rtmp://h/live/x\",\"format\":\"mp3\"}", 400, "only for mode socket"),
                arguments("{\"mode\":\"webrtc\"}", 503, "X display"),
                arguments("{\"mode\":\"webrtc\",\"format\":\"mpegts\"}", 400, "only for mode socket"),
                arguments("{}", 503, "X display :1999 is not reachable"),
                arguments("", 503, "X display"),
                arguments("{\"mode\":\"socket\"}", 503, "X display"),
                arguments("{\"mode\":\"remote\",\"target_url\":\"rtmps://example.com/live/key\"}", 503, "X display"),
                arguments("{\"mode\":\"socket\",\"format\":\"mp3\"}", 503, "PulseAudio"));
    }

    /** Body and SDP checks come before the id is looked up; 404 for an id with no stream (default when absent). */
    static Stream<Arguments> badOffers() {
        return Stream.of(
                arguments("", 400, "Field 'sdp' is required"),
                arguments("{}", 400, "Field 'sdp' is required"),
                arguments("[]", 400, "must be a JSON object"),
                arguments("{\"id\":\"a\",\"sdp\":", 400, "Malformed JSON"),
                arguments("{\"id\":\"a\",\"sdp\":\"\"}", 400, "Field 'sdp' is required"),
                arguments("{\"id\":\"a\",\"sdp\":\"   \"}", 400, "Field 'sdp' is required"),
                arguments("{\"id\":\"a\",\"sdp\":\"garbage\"}", 400, "must start with 'v=0'"),
                arguments("{\"id\":\"a\",\"sdp\":\"v=0\\r\\ns=-\\r\\n\"}", 400, "no media"),
                arguments("{\"id\":\"a\",\"sdp\":\"v=0\\r\\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\\r\\n\"}",
                        400, "livestream video is VP8"),
                arguments("{\"id\":\"a\",\"sdp\":\"v=0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 102\\r\\na=rtpmap:102 "
                        + "H264/90000\\r\\n\"}", 400, "livestream video is VP8"),
                arguments("{\"id\":\"a\",\"sdp\":5}", 400, "Field 'sdp' must be a string"),
                arguments("{\"id\":7,\"sdp\":\"" + VP8_SDP + "\"}", 400, "Field 'id' must be a string"),
                arguments("{\"id\":\"bad id\",\"sdp\":\"" + VP8_SDP + "\"}", 400, "Field 'id'"),
                arguments("{\"id\":\"a\",\"sdp\":\"" + VP8_SDP + "\",\"viewer\":1}", 400, "Unknown field 'viewer'"),
                arguments("{\"id\":\"a\",\"sdp\":\"" + VP8_SDP + "\",\"type\":\"answer\"}", 400, "Field 'type'"),
                arguments("{\"id\":\"nope\",\"sdp\":\"" + VP8_SDP + "\"}", 404, "No stream with id 'nope'"),
                arguments("{\"sdp\":\"" + VP8_SDP + "\",\"type\":\"offer\"}", 404, "No stream with id 'default'"));
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @MethodSource("badOffers")
    void webrtcOfferIsRefused(String body, int status, String message) {
        ApiClient.Response response = api.post(OFFER, body, "Content-Type", "application/json");
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.message()).as(response.toString()).contains(message);
        assertThat(api.get(OFFER).status()).isEqualTo(405);
    }

    @AfterEach
    void nothingStarted() {
        assertThat(api.get("/stream/list").body()).isEqualTo("[]");
        assertThat(captures.encoders()).isZero();
        assertThat(captures.screenCaptures()).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @MethodSource("badStarts")
    void startIsRefused(String body, int status, String message) {
        ApiClient.Response response = api.post(START, body, "Content-Type", "application/json");
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.message()).as(response.toString()).contains(message);
    }

    @Test
    void stopOfAnUnknownIdIs404AndBadIdsAre400() {
        assertThat(api.post(STOP, "").status()).isEqualTo(404);
        assertThat(api.post(STOP, "{\"id\":\"nope\"}").message()).contains("No stream with id 'nope'");
        assertThat(api.post(STOP, "{\"id\":\"bad id\"}").status()).isEqualTo(400);
        assertThat(api.post(STOP, "{\"id\":\"a\",\"mode\":\"socket\"}").message()).contains("Unknown field 'mode'");
        assertThat(api.post(STOP, "[1]").status()).isEqualTo(400);
    }

    @Test
    void wrongMethodsAreRefused() {
        assertThat(api.get(START).status()).isEqualTo(405);
        assertThat(api.get(STOP).status()).isEqualTo(405);
        assertThat(api.post("/stream/list", "{}").status()).isEqualTo(405);
    }

    @Test
    void socketAndViewerPageOfUnknownIdsAre404() {
        WsClient.Refusal refusal = WsClient.refused(httpServer.port(), "/stream/socket/nope");
        assertThat(refusal.status()).isEqualTo(404);
        assertThat(refusal.body()).contains("No stream with id 'nope'");
        assertThat(api.get("/stream/socket/nope").status()).isEqualTo(426);
        ApiClient.Response page = api.get("/stream/socket/nope/view");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.message()).contains("No stream with id 'nope'");
    }

    @Test
    void listIsAnEmptyArray() {
        ApiClient.Response list = api.get("/stream/list");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().isArray()).isTrue();
    }
}
