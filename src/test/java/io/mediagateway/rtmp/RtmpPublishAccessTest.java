package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Collections;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Who may publish where: one publisher per path (BadName for the second); from another host than loopback only with
 * the configured key (Unauthorized otherwise); players are never asked for a key. Non-loopback connections use this
 * machine's own non-loopback address as the source, so the server sees a remote peer.
 */
class RtmpPublishAccessTest {

    @Test
    void secondPublisherGetsBadNameAndTheFirstKeepsThePath() throws Exception {
        try (RtmpTestServer rtmp = new RtmpTestServer();
                RtmpTestClient first = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
                RtmpTestClient second = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
            assertThat(first.publish("cam")).isEqualTo("NetStream.Publish.Start");
            assertThat(second.publish("cam")).isEqualTo("NetStream.Publish.BadName");
            assertThat(second.closedByServer(Duration.ofSeconds(10))).isTrue();
            assertThat(rtmp.server.streams().isPublished("live/cam")).isTrue();
            try (RtmpTestClient other = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
                assertThat(other.publish("cam2")).as("another path is free").isEqualTo("NetStream.Publish.Start");
            }
        }
    }

    @Test
    void remotePublisherRefusedWhenNoKeyIsConfigured() throws Exception {
        String address = nonLoopbackAddress();
        try (RtmpTestServer rtmp = new RtmpTestServer();
                RtmpTestClient remote = viaAddress(address, rtmp.port(), "live")) {
            assertThat(remote.publish("cam?key=anything")).isEqualTo("NetStream.Publish.Unauthorized");
            assertThat(remote.closedByServer(Duration.ofSeconds(10))).isTrue();
            assertThat(rtmp.server.streams().isPublished("live/cam")).isFalse();
        }
    }

    @Test
    void remotePublisherNeedsTheRightKey() throws Exception {
        String address = nonLoopbackAddress();
        try (RtmpTestServer rtmp = new RtmpTestServer(settings -> settings.setPublishKey("s3cret"))) {
            try (RtmpTestClient noKey = viaAddress(address, rtmp.port(), "live")) {
                assertThat(noKey.publish("cam")).isEqualTo("NetStream.Publish.Unauthorized");
            }
            try (RtmpTestClient wrongKey = viaAddress(address, rtmp.port(), "live")) {
                assertThat(wrongKey.publish("cam?key=guess")).isEqualTo("NetStream.Publish.Unauthorized");
            }
            try (RtmpTestClient keyInName = viaAddress(address, rtmp.port(), "live")) {
                assertThat(keyInName.publish("cam?key=s3cret")).isEqualTo("NetStream.Publish.Start");
                assertThat(rtmp.server.streams().isPublished("live/cam")).as("the key is not part of the path").isTrue();
            }
            try (RtmpTestClient keyInApp = viaAddress(address, rtmp.port(), "live?key=s3cret")) {
                assertThat(keyInApp.publish("other")).isEqualTo("NetStream.Publish.Start");
            }
            try (RtmpTestClient player = viaAddress(address, rtmp.port(), "live")) {
                assertThat(player.play("cam")).as("players need no key").isEqualTo("NetStream.Play.Reset");
            }
            try (RtmpTestClient local = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live")) {
                assertThat(local.publish("local")).as("loopback needs no key").isEqualTo("NetStream.Publish.Start");
            }
        }
    }

    @Test
    void policyWithoutASocket() {
        PublishPolicy open = new PublishPolicy("");
        PublishPolicy keyed = new PublishPolicy("k");
        assertThat(open.refusal("127.0.0.1", null)).isEmpty();
        assertThat(open.refusal("::1", null)).isEmpty();
        assertThat(open.refusal("127.5.6.7", null)).isEmpty();
        assertThat(open.refusal("10.0.0.8", "k")).get().asString().contains("loopback only");
        assertThat(keyed.refusal("10.0.0.8", null)).get().asString().contains("key is required");
        assertThat(keyed.refusal("10.0.0.8", "x")).get().asString().contains("wrong publish key");
        assertThat(keyed.refusal("10.0.0.8", "k")).isEmpty();
        assertThat(keyed.refusal("localhost", null)).as("names are never resolved").isPresent();
        assertThat(RtmpConnection.keyIn("cam?a=1&key=s%20x")).isEqualTo("s x");
        assertThat(RtmpConnection.keyIn("cam")).isNull();
    }

    private static RtmpTestClient viaAddress(String address, int port, String app) throws Exception {
        RtmpTestClient client = RtmpTestClient.open(address, port, address);
        client.handshake();
        client.connectApp(app);
        return client;
    }

    /** An IPv4 address of this machine that is not loopback; skips when there is none. */
    static String nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        Assumptions.abort("no non-loopback IPv4 address on this machine");
        return null;
    }
}
