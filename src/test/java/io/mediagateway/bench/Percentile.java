package io.mediagateway.bench;

import java.util.List;

/** Nearest-rank percentiles of measured values (latencies). */
final class Percentile {

    private Percentile() {
    }

    /** The value at fraction {@code p} (0 = smallest, 1 = largest) of the sorted values; NaN when there are none. */
    static double of(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN
                : sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
    }
}
