package io.mediagateway.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition; tests use generous limits and never assert on how long something took. */
public final class Waits {

    private Waits() {
    }

    /** Returns true when the condition held before the limit. */
    public static boolean until(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(25);
        }
        return condition.getAsBoolean();
    }
}
