package io.mediagateway.virtualinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.ApiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SourceUrlPolicy on its own: which URLs a stream/file source may name. URLs in the tables may contain
 * {@code {root}} (the file root) and {@code {outside}} (a directory beside it), replaced at run time.
 */
class SourceUrlPolicyTest {

    private static final String FIELD = "video.url";

    @TempDir
    Path root;

    @TempDir
    Path outside;

    private SourceUrlPolicy policy;

    @BeforeEach
    void createFilesAndPolicy() throws IOException {
        Files.writeString(root.resolve("clip.mp4"), "not really a video");
        Files.createDirectory(root.resolve("sub"));
        Files.writeString(root.resolve("sub/nested clip.mp4"), "spaces in the name");
        Files.writeString(outside.resolve("secret.mp4"), "must stay unreachable");
        Files.createSymbolicLink(root.resolve("escape.mp4"), outside.resolve("secret.mp4"));
        Files.createSymbolicLink(root.resolve("escape-dir"), outside);
        Files.createSymbolicLink(root.resolve("alias.mp4"), root.resolve("clip.mp4"));
        policy = new SourceUrlPolicy(sources(root, List.of("http", "https", "rtmp", "rtmps", "rtsp", "srt", "file")));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // FFmpeg pseudo-protocols: refused whatever allowed-schemes says
                refusedCase("concat: joins local files", "concat:{root}/clip.mp4|/etc/passwd", "pseudo-protocol"),
                refusedCase("subfile: reads part of a file", "subfile:,start,0,end,100,:/etc/passwd", "pseudo-protocol"),
                refusedCase("data: inline payload", "data:video/mp4;base64,AAAA", "pseudo-protocol"),
                refusedCase("pipe: reads a file descriptor", "pipe:0", "pseudo-protocol"),
                refusedCase("fd: reads a file descriptor", "fd:3", "pseudo-protocol"),
                refusedCase("tee: writes to many outputs", "tee:http://example.com/a|file:/tmp/x", "pseudo-protocol"),
                refusedCase("lavfi: synthesizes input", "lavfi:testsrc", "pseudo-protocol"),
                refusedCase("async: wraps another URL", "async:http://example.com/a.mp4", "pseudo-protocol"),
                refusedCase("cache: wraps another URL", "cache:http://example.com/a.mp4", "pseudo-protocol"),
                refusedCase("crypto: wraps another URL", "crypto:http://example.com/a.ts", "pseudo-protocol"),
                refusedCase("hls+http: nested protocol", "hls+http://example.com/live.m3u8", "nested protocol"),
                refusedCase("file+concat: nested protocol", "file+concat:{root}/clip.mp4", "pseudo-protocol"),
                refusedCase("CONCAT: in upper case", "CONCAT:{root}/clip.mp4", "'concat:'"),
                // schemes that are not on the list
                refusedCase("ftp", "ftp://example.com/clip.mp4", "'ftp:'"),
                refusedCase("gopher", "gopher://example.com/1", "'gopher:'"),
                refusedCase("javascript", "javascript:alert(1)", "scheme 'javascript', which is not allowed"),
                refusedCase("Windows drive letter", "C:\\media\\clip.mp4", "scheme 'c', which is not allowed"),
                // not absolute URLs
                refusedCase("empty", "", "is empty"),
                refusedCase("blank", "   ", "is empty"),
                refusedCase("missing scheme", "//example.com/live", "must be an absolute URL with a scheme"),
                refusedCase("bare host and path", "example.com/live/stream", "must be an absolute URL with a scheme"),
                refusedCase("empty scheme", "://example.com/live", "must be an absolute URL with a scheme"),
                refusedCase("relative path", "media/clip.mp4", "must be an absolute URL with a scheme"),
                refusedCase("dot relative path", "./clip.mp4", "must be an absolute URL with a scheme"),
                refusedCase("relative file URL", "file:clip.mp4", "must be an absolute file URL"),
                refusedCase("http without host", "http:///live.m3u8", "has no host"),
                refusedCase("rtmp without authority", "rtmp:live/stream", "has no host"),
                refusedCase("port without host", "rtsp://:554/stream", "has no host"),
                refusedCase("space in the host", "http://exa mple.com/live", "is not a valid URL"),
                // characters and size
                refusedCase("newline (header injection)", "http://example.com/a\r\nX-Evil: 1", "control characters"),
                refusedCase("NUL byte", "file://{root}/clip.mp4\u0000.txt", "control characters"),
                refusedCase("DEL character", "http://example.com/\u007f", "control characters"),
                refusedCase("overlong URL", "http://example.com/" + "a".repeat(2100), "longer than 2048 characters"),
                // file: URLs that leave the root or are not plain files
                refusedCase("file on a remote host", "file://remotehost/x", "names a remote host"),
                refusedCase("file outside the root", "file://{outside}/secret.mp4", "outside the file root"),
                refusedCase("/etc/passwd", "file:///etc/passwd", "outside the file root"),
                refusedCase("'..' traversal", "file://{root}/../" + "{outsideName}/secret.mp4", "'..' segments"),
                refusedCase("trailing '..'", "file://{root}/sub/..", "'..' segments"),
                refusedCase("percent-encoded %2e%2e traversal", "file://{root}/%2e%2e/{outsideName}/secret.mp4",
                        "'..' segments"),
                refusedCase("'.' segment", "file://{root}/./clip.mp4", "'..' segments"),
                refusedCase("symlink to a file outside the root", "file://{root}/escape.mp4", "symbolic link"),
                refusedCase("symlinked directory outside the root", "file://{root}/escape-dir/secret.mp4",
                        "symbolic link"),
                refusedCase("nonexistent file", "file://{root}/missing.mp4", "names no readable file"),
                refusedCase("directory, not a file", "file://{root}/sub", "names no readable file"),
                refusedCase("query on a file URL", "file://{root}/clip.mp4?loop=1", "must not carry a query"),
                refusedCase("fragment on a file URL", "file://{root}/clip.mp4#t=10", "must not carry a query"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithA400NamingTheFieldAndTheReason(String url, String why) {
        String concrete = url.replace("{root}", root.toString()).replace("{outsideName}", outside.getFileName().toString())
                .replace("{outside}", outside.toString());

        assertThatThrownBy(() -> policy.check(FIELD, concrete))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("Field '" + FIELD + "' ").contains(why);
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "http://example.com/live/index.m3u8",
            "https://cdn.example.com:8443/clip.mp4?token=abc&expires=1",
            "HTTPS://Example.COM/upper-case-scheme.mp4",
            "rtmp://127.0.0.1:1935/live/key",
            "rtmps://live.example.com:443/app/key",
            "rtsp://user:secret@camera.local:554/stream1",
            "srt://10.0.0.2:9000?mode=caller&latency=200",
            "http://[::1]:8080/feed.ts",
    })
    void networkUrlsWithAHostAreReturnedAsGiven(String url) {
        assertThat(policy.check(FIELD, url)).isEqualTo(url);
    }

    @Test
    void urlOfExactlyTheMaximumLengthIsAccepted() {
        String prefix = "http://example.com/";
        String url = prefix + "a".repeat(SourceUrlPolicy.MAX_LENGTH - prefix.length());

        assertThat(policy.check(FIELD, url)).isEqualTo(url);
    }

    @Test
    void fileUnderTheRootReturnsItsRealPathUri() throws IOException {
        String url = "file://" + root + "/clip.mp4";

        assertThat(policy.check(FIELD, url)).isEqualTo(root.resolve("clip.mp4").toRealPath().toUri().toString());
    }

    @Test
    void fileWithSingleSlashOrLocalhostAuthorityIsTheSameFile() throws IOException {
        String real = root.resolve("clip.mp4").toRealPath().toUri().toString();

        assertThat(policy.check(FIELD, "file:" + root + "/clip.mp4")).isEqualTo(real);
        assertThat(policy.check(FIELD, "file://localhost" + root + "/clip.mp4")).isEqualTo(real);
    }

    @Test
    void percentEncodedFileNameIsDecoded() throws IOException {
        String url = root.resolve("sub/nested clip.mp4").toUri().toString();

        assertThat(url).contains("nested%20clip.mp4");
        assertThat(policy.check(FIELD, url))
                .isEqualTo(root.resolve("sub/nested clip.mp4").toRealPath().toUri().toString());
    }

    @Test
    void symlinkStayingInsideTheRootResolvesToItsTarget() throws IOException {
        assertThat(policy.check(FIELD, "file://" + root + "/alias.mp4"))
                .isEqualTo(root.resolve("clip.mp4").toRealPath().toUri().toString());
    }

    @Test
    void fileIsRefusedWhenNotInAllowedSchemes() {
        SourceUrlPolicy networkOnly = new SourceUrlPolicy(sources(root, List.of("http", "https")));

        assertThatThrownBy(() -> networkOnly.check("audio.url", "file://" + root + "/clip.mp4"))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("Field 'audio.url' ")
                .hasMessageContaining("scheme 'file', which is not allowed")
                .hasMessageContaining("gateway.sources.allowed-schemes");
    }

    @Test
    void pseudoProtocolIsRefusedEvenWhenConfiguredAsAllowed() {
        SourceUrlPolicy careless = new SourceUrlPolicy(sources(root, List.of("http", "concat", "pipe")));

        assertThatThrownBy(() -> careless.check(FIELD, "concat:/etc/passwd|/etc/shadow"))
                .isInstanceOf(ApiException.class).hasMessageContaining("pseudo-protocol");
        assertThatThrownBy(() -> careless.check(FIELD, "pipe:0"))
                .isInstanceOf(ApiException.class).hasMessageContaining("pseudo-protocol");
    }

    @Test
    void relativeFileRootIsResolvedAgainstTheWorkingDirectory() throws IOException {
        Path relative = Path.of("").toAbsolutePath().relativize(root);
        SourceUrlPolicy relativeRoot = new SourceUrlPolicy(sources(relative, List.of("file")));

        assertThat(relativeRoot.check(FIELD, "file://" + root + "/clip.mp4"))
                .isEqualTo(root.resolve("clip.mp4").toRealPath().toUri().toString());
    }

    /**
     * Docker Compose v1 container names and many LAN hostnames contain '_'. java.net.URI then parses the authority
     * as registry-based and getHost() returns null, so the policy says "has no host" although there plainly is one.
     */
    @Test
    void hostWithUnderscoreIsAccepted() {
        assertThat(policy.check(FIELD, "rtsp://camera_1:554/stream")).isEqualTo("rtsp://camera_1:554/stream");
    }

    /**
     * The policy answers with the real path, and the status echoes it; when the root is reached through a symlink,
     * posting that echoed URL back is refused because the root check compares it with the non-resolved root.
     */
    @Test
    void echoedRealPathUrlIsAcceptedAgainWhenTheRootIsASymlink() throws IOException {
        Path realRoot = outside.resolve("real-media");
        Files.createDirectory(realRoot);
        Files.writeString(realRoot.resolve("clip.mp4"), "x");
        Path linkedRoot = root.resolve("linked-media");
        Files.createSymbolicLink(linkedRoot, realRoot);
        SourceUrlPolicy viaLink = new SourceUrlPolicy(sources(linkedRoot, List.of("file")));

        String echoed = viaLink.check(FIELD, "file://" + linkedRoot + "/clip.mp4");

        assertThat(viaLink.check(FIELD, echoed)).isEqualTo(echoed);
    }

    private static Arguments refusedCase(String name, String url, String why) {
        return arguments(named(name, url), why);
    }

    private static GatewayProperties.Sources sources(Path fileRoot, List<String> schemes) {
        GatewayProperties.Sources sources = new GatewayProperties.Sources();
        sources.setFileRoot(fileRoot);
        sources.setAllowedSchemes(schemes);
        return sources;
    }
}
