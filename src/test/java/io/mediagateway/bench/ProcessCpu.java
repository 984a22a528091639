package io.mediagateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** CPU time of processes as Linux accounts it in /proc: utime + stime, in clock ticks. */
final class ProcessCpu {

    static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ProcessCpu() {
    }

    /** utime + stime of a process (all its threads), in ticks of {@link #TICKS_PER_SECOND}; 0 once it is gone. */
    static long ticks(long pid) {
        try {
            return ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException e) {
            return 0;
        }
    }

    /** CPU ticks per thread name (threads of one name, numbers at the end ignored, summed), from /proc/PID/task. */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                    ticks.merge(name, ticksOf(stat), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended
                }
            });
        } catch (IOException e) {
            // the process ended
        }
        return ticks;
    }

    /** The JVM's JIT compiler threads' share of {@link #threadTicks} (start-up work a native process does not have). */
    static long jitTicks(Map<String, Long> threadTicks) {
        return threadTicks.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre")).mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** utime + stime from a /proc stat line (fields 14 and 15; the name in brackets may hold spaces). */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
