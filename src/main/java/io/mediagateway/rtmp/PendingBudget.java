package io.mediagateway.rtmp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide budget of pending input ({@code gateway.rtmp.max-pending-bytes}): bytes every connection's
 * {@link ChunkDecoder} holds for messages not yet complete. A peer can declare a message it never finishes; each
 * connection is bounded on its own, but only a shared total stops hundreds of them from filling the heap together.
 * Each connection reports what it holds through its {@link Account}, on its own event loop; the total is shared.
 */
final class PendingBudget {

    /**
     * What any connection may hold whatever the total: a command or an acknowledgement split across two reads, so a
     * player (or a client's connect) is never collateral of others exhausting the budget.
     */
    static final long ALWAYS_GRANTED = 4096;

    private final long limit;
    private final AtomicLong total = new AtomicLong();

    PendingBudget(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    /** Bytes held by all connections now. */
    long total() {
        return total.get();
    }

    Account account() {
        return new Account();
    }

    /** One connection's share; used on that connection's event loop only. */
    final class Account {

        private long held;

        long held() {
            return held;
        }

        /**
         * Records that the connection now holds {@code bytes}. Growing past {@link #ALWAYS_GRANTED} is refused (false,
         * nothing recorded) when the total would pass the limit, unless {@code exempt}: a live publisher is already
         * authorised and bounded on its own, and must not be cut off by sessions that are neither.
         */
        boolean hold(long bytes, boolean exempt) {
            long delta = bytes - held;
            if (delta > 0 && !exempt && bytes > ALWAYS_GRANTED) {
                long current;
                do { // compare-and-set: connections on other loops cannot pass the limit together
                    current = total.get();
                    if (current + delta > limit) {
                        return false;
                    }
                } while (!total.compareAndSet(current, current + delta));
            } else {
                total.addAndGet(delta);
            }
            held = bytes;
            return true;
        }

        void release() {
            total.addAndGet(-held);
            held = 0;
        }
    }
}
