package io.mediagateway.rtmp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may publish: loopback peers always (the gateway's own encoders push over loopback); anyone else only when
 * {@code gateway.rtmp.publish-key} is set and they present it as {@code ?key=...} on the stream name (OBS: stream key
 * {@code mystream?key=SECRET}) or on the application ({@code rtmp://host/live?key=SECRET}).
 */
public final class PublishPolicy {

    private final byte[] key;

    public PublishPolicy(String publishKey) {
        this.key = publishKey == null || publishKey.isBlank() ? null : publishKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Empty when allowed; else why not, for the onStatus description and the log. */
    public Optional<String> refusal(String remoteHost, String offeredKey) {
        if (isLoopback(remoteHost)) {
            return Optional.empty();
        }
        if (key == null) {
            return Optional.of("publishing is allowed from loopback only (set gateway.rtmp.publish-key to allow remote publishers)");
        }
        if (offeredKey == null || offeredKey.isEmpty()) {
            return Optional.of("a publish key is required: add ?key=<gateway.rtmp.publish-key> to the stream name");
        }
        if (!MessageDigest.isEqual(key, offeredKey.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("wrong publish key");
        }
        return Optional.empty();
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isEmpty() || !(host.indexOf(':') >= 0 || Character.isDigit(host.charAt(0)))) {
            return false; // only IP literals: never resolve a name here
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
