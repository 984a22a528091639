package io.mediagateway.webrtc;

import static io.mediagateway.support.FeedViewerClient.RED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.http.ApiException;
import io.mediagateway.support.FeedViewerClient;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code gateway.webrtc.min-port}/{@code max-port}: every ICE candidate in the gateway's answer has a port in the
 * range and media flows through it; an answer without a single candidate (it could never connect) is a 503 instead; a
 * range libwebrtc would misread stops the engine from being made.
 */
@TestPropertySource(properties = {"gateway.webrtc.min-port=" + WebRtcPortRangeTest.MIN,
        "gateway.webrtc.max-port=" + WebRtcPortRangeTest.MAX})
class WebRtcPortRangeTest extends GatewayTestSupport {

    static final int MIN = 46_200;
    static final int MAX = 46_299;
    private static final Pattern CANDIDATE = Pattern.compile("(?m)^a=candidate:\\S+ \\d+ (\\w+) \\d+ (\\S+) (\\d+) typ");

    @AfterAll
    static void disposePublisherFactory() {
        WebRtcPublisher.disposeShared();
    }

    @Test
    void theAnswersCandidatesUseOnlyPortsInTheRangeAndMediaFlows() throws Exception {
        assertThat(api.post(CONFIGURE, "{\"video\":{\"type\":\"webrtc\",\"width\":320,\"height\":240,\"frame_rate\":30}}")
                .status()).isEqualTo(200);
        String[] answer = new String[1];
        try (FeedViewerClient viewer = new FeedViewerClient(httpServer.port(), FeedBroadcaster.SOCKET_PATH, 5);
                WebRtcPublisher publisher = new WebRtcPublisher("VP8", false, 320, 240, 30, RED)) {
            publisher.publish(body -> answer[0] = WebRtcVideoIngestTest.post(api, body));

            List<Integer> ports = candidatePorts(new ObjectMapper().readTree(answer[0]).path("sdp").asText());
            assertThat(ports).as("the answer's candidates").isNotEmpty().allSatisfy(port -> assertThat(port).isBetween(MIN, MAX));
            assertThat(publisher.awaitConnected(Duration.ofSeconds(15))).as("connected: %s", publisher).isTrue();
            assertThat(viewer.await(p -> p.looks(RED, 12), Duration.ofSeconds(20))).as("red on the feed, last %s",
                    viewer.last()).isNotNull();
        }
    }

    @Test
    void anAnswerWithoutASingleCandidateIs503NamingTheLikelyCause() {
        // what libwebrtc answers when it can bind nothing (no usable network interface, every port of the range taken)
        String bare = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                + "c=IN IP4 0.0.0.0\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n";
        GatewayProperties.Webrtc ranged = new GatewayProperties.Webrtc();
        ranged.setMinPort(MIN);
        ranged.setMaxPort(MAX);

        ApiException refused = SdpOffer.unreachable(bare, ranged);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.getMessage()).contains("ICE candidate").contains(MIN + "-" + MAX)
                .contains("gateway.webrtc.min-port/max-port");
        assertThat(SdpOffer.unreachable(bare, new GatewayProperties.Webrtc()).getMessage())
                .contains("is a network interface up?");
        String withCandidate = bare.replace("a=recvonly", "a=candidate:1 1 udp 2122260223 192.0.2.2 " + MIN
                + " typ host generation 0\r\na=recvonly");
        assertThat(SdpOffer.unreachable(withCandidate, ranged)).isNull();
    }

    @Test
    void aRangeLibwebrtcWouldMisreadIsRefusedWithTheSettingsNames() {
        for (int[] range : new int[][] {{0, 100}, {100, 0}, {5000, 4000}, {-1, 10}, {1000, 70_000}}) {
            GatewayProperties.Webrtc settings = new GatewayProperties.Webrtc();
            settings.setMinPort(range[0]);
            settings.setMaxPort(range[1]);
            assertThatThrownBy(() -> new WebRtcEngine(settings)).as("%s-%s", range[0], range[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gateway.webrtc.min-port/max-port")
                    .hasMessageContaining(range[0] + "/" + range[1]);
        }
        GatewayProperties.Webrtc one = new GatewayProperties.Webrtc();
        one.setMinPort(50_000);
        one.setMaxPort(50_000);
        one.checkPortRange(); // a single port is a valid range
    }

    private static List<Integer> candidatePorts(String sdp) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(sdp);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(3)));
        }
        return ports;
    }
}
