package io.mediagateway.pulse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a short command to completion (pactl), bounded by a timeout. A seam: tests of the supervision logic can swap in
 * a fake; the default ({@link ProcessCommandRunner}) spawns the process.
 */
@FunctionalInterface
public interface CommandRunner {

    Result run(List<String> command, Map<String, String> environment, Duration timeout);

    /** Exit code (-1 when it could not run or timed out) and combined stdout/stderr. */
    record Result(int exitCode, String output) {

        public boolean ok() {
            return exitCode == 0;
        }
    }
}
