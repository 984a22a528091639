package io.mediagateway.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input sweep's case: many sessions connect, then declare two 4 MiB messages each and send one 128-byte
 * chunk of each. The server holds what they sent, not what they declared (it used to allocate both buffers up front:
 * 60 sessions pinned about 500 MB), and lets it go when they close.
 */
class RtmpMemoryBoundTest {

    private static final int SESSIONS = 60;
    private static final int DECLARED = 4 * 1024 * 1024;
    private static final int CHUNK = ChunkDecoder.DEFAULT_CHUNK_SIZE;

    @Test
    void pendingBytesFollowWhatWasSentNotWhatWasDeclared() throws Exception {
        // idle sessions would be closed after 10 s: out of the way while the sessions pile up
        try (RtmpTestServer rtmp = new RtmpTestServer(settings -> settings.setIdleTimeout(Duration.ofMinutes(5)))) {
            List<RtmpTestClient> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < SESSIONS; i++) {
                    RtmpTestClient session = RtmpTestClient.connect("127.0.0.1", rtmp.port(), "live");
                    sessions.add(session);
                    session.sendUnfinished(4, DECLARED, CHUNK);
                    session.sendUnfinished(5, DECLARED, CHUNK);
                }
                long sent = (long) SESSIONS * 2 * CHUNK;
                assertThat(Waits.until(Duration.ofSeconds(20), () -> rtmp.server.pendingBytes() == sent))
                        .as("pending bytes %d, expected the %d payload bytes sent (declared: %d)", rtmp.server.pendingBytes(),
                                sent, (long) SESSIONS * 2 * DECLARED)
                        .isTrue();
                assertThat(rtmp.server.connectionCount()).as("within every bound: all still open").isEqualTo(SESSIONS);
            } finally {
                for (RtmpTestClient session : sessions) {
                    session.close();
                }
            }
            assertThat(Waits.until(Duration.ofSeconds(20), () -> rtmp.server.connectionCount() == 0 && rtmp.server.pendingBytes() == 0))
                    .as("closed sessions give their bytes back").isTrue();
        }
    }
}
