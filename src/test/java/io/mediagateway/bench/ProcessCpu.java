package io.mediagateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** CPU time of processes as Linux accounts it in /proc: utime + stime, in clock ticks. */
final class ProcessCpu {

    static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ProcessCpu() {
    }

    /** utime + stime of a process (all its threads), in ticks of {@link #TICKS_PER_SECOND}; 0 once it is gone. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code ticks} spent over {@code nanos} of wall time, as % of one core. */
    static double percent(long ticks, long nanos) {
        return 100.0 * ticks / TICKS_PER_SECOND / (nanos / 1e9);
    }

    /** The processes' CPU together over the next {@code window}, as % of one core (sleeps that long). */
    static double percentOver(List<Long> pids, Duration window) throws InterruptedException {
        long before = pids.stream().mapToLong(ProcessCpu::ticks).sum();
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        long after = pids.stream().mapToLong(ProcessCpu::ticks).sum();
        return percent(after - before, System.nanoTime() - start);
    }
}
