package io.mediagateway.virtualinput;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.ApiException;

/**
 * Which URLs a stream/file source may name. FFmpeg opens far more than network streams (concat:, subfile:, pipe:,
 * data:, lavfi ...), and a URL is client input; so the scheme must be on {@code gateway.sources.allowed-schemes},
 * FFmpeg's pseudo-protocols are refused whatever that list says, and {@code file:} only reaches under
 * {@code gateway.sources.file-root} (after resolving symlinks).
 */
public class SourceUrlPolicy {

    static final int MAX_LENGTH = 2048;

    /** FFmpeg protocols that read local resources, chain other URLs or synthesize input. */
    private static final Set<String> NEVER = Set.of("concat", "concatf", "subfile", "data", "pipe", "fd", "tee",
            "lavfi", "async", "cache", "crypto", "hls", "gopher", "gophers", "unix", "ipfs", "ipns", "file+concat",
            "android_content", "bluray", "libsmbclient", "smb", "sftp", "ftp", "tcp", "udp", "udplite", "rtp",
            "prompeg", "icecast", "mmsh", "mmst", "rtmpe", "rtmpte", "rtmpt", "rtmpts", "ffrtmpcrypt", "ffrtmphttp",
            "httpproxy", "zmq");

    private final GatewayProperties.Sources settings;

    public SourceUrlPolicy(GatewayProperties.Sources settings) {
        this.settings = settings;
    }

    /** Returns the URL to use (file URLs normalised to their real path) or throws a 400 naming the field. */
    public String check(String field, String url) {
        if (url.isBlank()) {
            throw bad(field, "is empty; give an absolute URL such as rtmp://host/app/key or file:///media/clip.mp4");
        }
        if (url.length() > MAX_LENGTH) {
            throw bad(field, "is longer than " + MAX_LENGTH + " characters");
        }
        if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw bad(field, "contains control characters");
        }
        int colon = url.indexOf(':');
        String scheme = colon > 0 ? url.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (scheme.isEmpty() || !scheme.matches("[a-z][a-z0-9+.\\-]*")) {
            throw bad(field, "must be an absolute URL with a scheme (" + allowed() + ")");
        }
        if (NEVER.contains(scheme) || scheme.contains("+")) {
            throw bad(field, "uses '" + scheme + ":', an FFmpeg pseudo-protocol or nested protocol that the gateway never"
                    + " opens; use one of " + allowed());
        }
        if (!settings.getAllowedSchemes().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList().contains(scheme)) {
            throw bad(field, "uses scheme '" + scheme + "', which is not allowed (gateway.sources.allowed-schemes: "
                    + allowed() + ")");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw bad(field, "is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (scheme.equals("file")) {
            return checkFile(field, uri);
        }
        // getHost() is null for legal-in-practice names such as camera_1 (Compose service names); the authority is not
        if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty() || uri.getRawAuthority().startsWith(":")) {
            throw bad(field, "has no host; expected " + scheme + "://host[:port]/path");
        }
        return url;
    }

    private String checkFile(String field, URI uri) {
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty() && !"localhost".equals(uri.getHost())) {
            throw bad(field, "names a remote host; file URLs must be local: file:///path/under/file-root");
        }
        if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw bad(field, "must be an absolute file URL: file:///path/under/file-root");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw bad(field, "must not carry a query or fragment");
        }
        Path root = fileRoot();
        Path realRoot = realFileRoot(root);
        Path file;
        try {
            file = Path.of(uri.getPath());
        } catch (InvalidPathException e) {
            throw bad(field, "is not a valid path: " + e.getReason());
        }
        if (!file.normalize().equals(file) || uri.getPath().contains("/../") || uri.getPath().endsWith("/..")) {
            throw bad(field, "must not contain '.' or '..' segments");
        }
        // the real root too: the URL echoed back in the status names the resolved path
        if (!file.startsWith(root) && !file.startsWith(realRoot)) {
            throw bad(field, "is outside the file root " + root + " (gateway.sources.file-root)");
        }
        if (!Files.isRegularFile(file)) {
            throw bad(field, "names no readable file under " + root);
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw bad(field, "resolves (through a symbolic link) outside the file root " + root);
            }
            return real.toUri().toString();
        } catch (IOException e) {
            throw bad(field, "cannot be resolved: " + e.getMessage());
        }
    }

    private Path fileRoot() {
        return settings.getFileRoot().toAbsolutePath().normalize();
    }

    private static Path realFileRoot(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }

    private String allowed() {
        return String.join(", ", settings.getAllowedSchemes());
    }

    private static ApiException bad(String field, String problem) {
        return ApiException.badRequest("Field '" + field + "' " + problem + ".");
    }
}
