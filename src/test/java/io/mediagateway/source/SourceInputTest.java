package io.mediagateway.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** What FFmpeg is given per scheme: bounded waits, and only the protocols of the URL's own family. */
class SourceInputTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void everyInputHasAReadTimeoutInMicroseconds() {
        for (String url : new String[] {"http://h/a.ts", "https://h/a.m3u8", "rtmp://h/live/k", "rtmps://h/live/k",
                "rtsp://h/cam", "srt://h:9000", "file:///media/a.mp4"}) {
            assertThat(SourceInput.of(url, TIMEOUT).options()).as(url).containsEntry("rw_timeout", "3000000");
        }
    }

    @Test
    void rtmpGetsNoTimeoutOptionBecauseThereItMeansListen() {
        assertThat(SourceInput.of("rtmp://h/live/k", TIMEOUT).options()).doesNotContainKey("timeout")
                .containsEntry("protocol_whitelist", "rtmp,rtmps,tls,tcp");
    }

    @Test
    void httpMayOnlyReachHttpFamilyProtocolsSoAPlaylistCannotOpenLocalFiles() {
        SourceInput http = SourceInput.of("http://h/live.m3u8", TIMEOUT);

        assertThat(http.options()).containsEntry("timeout", "3000000");
        assertThat(http.options().get("protocol_whitelist").split(",")).containsExactlyInAnyOrder("http", "https",
                "tls", "tcp", "crypto").doesNotContain("file", "concat", "subfile", "pipe", "data");
    }

    @Test
    void fileUrlBecomesTheDecodedPathAndMayOnlyOpenFiles() {
        SourceInput file = SourceInput.of(Path.of("/media/my clip.mp4").toUri().toString(), TIMEOUT);

        assertThat(file.name()).isEqualTo("file:/media/my clip.mp4");
        assertThat(file.options()).containsEntry("protocol_whitelist", "file");
    }
}
