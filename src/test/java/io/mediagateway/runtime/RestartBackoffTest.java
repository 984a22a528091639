package io.mediagateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The supervisors' retry clock: doubling delays up to the maximum, starting over once the owned thing was stable. */
class RestartBackoffTest {

    @Test
    void delaysDoubleUpToTheMaximumAndStartOverWhenStable() {
        RestartBackoff backoff = new RestartBackoff("backoff-test", Duration.ofMillis(100), Duration.ofMillis(500));
        try {
            List<Long> delays = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                delays.add(backoff.schedule(() -> { }));
            }
            assertThat(delays).containsExactly(100L, 200L, 400L, 500L, 500L);
            assertThat(backoff.attempts()).isEqualTo(5);

            backoff.stable();

            assertThat(backoff.attempts()).isZero();
            assertThat(backoff.schedule(() -> { })).isEqualTo(100L);
        } finally {
            backoff.shutdown();
        }
    }
}
