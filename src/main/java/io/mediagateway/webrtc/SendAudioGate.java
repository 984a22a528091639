package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the headless audio module's recording away from pushed audio and from itself (STACK.md). libwebrtc (its worker
 * thread) restarts the module's recording whenever a new sending peer's transport turns writable; a recording module
 * racing {@code CustomAudioSource.pushAudio} aborts the JVM, and stopping the recording (owner thread) while the worker
 * restarts it hangs both threads for good (measured: two joins of the module's thread). So viewers join one at a time:
 * a joining viewer holds the turn from before its negotiation until its connection is up and the recording was
 * stopped again (or it closed). While a turn is held no audio is pushed, and nobody else stops the recording.
 */
final class SendAudioGate {

    private final Semaphore turn = new Semaphore(1, true);
    private final ReentrantReadWriteLock pushes = new ReentrantReadWriteLock();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Object holder;

    /** How a request for the turn ended. */
    enum Turn {
        HELD, TIMED_OUT, TOO_MANY_WAITING
    }

    /**
     * Waits up to {@code limit} for the joining turn (and for a push in progress). At most {@code maxWaiting} callers
     * wait at once (each is an HTTP worker thread): past that it answers at once.
     */
    Turn hold(Object joiner, Duration limit, int maxWaiting) {
        if (!turn.tryAcquire()) {
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                return Turn.TOO_MANY_WAITING;
            }
            try {
                if (!turn.tryAcquire(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    return Turn.TIMED_OUT;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Turn.TIMED_OUT;
            } finally {
                waiting.decrementAndGet();
            }
        }
        pushes.writeLock().lock();
        try {
            holder = joiner;
        } finally {
            pushes.writeLock().unlock();
        }
        return Turn.HELD;
    }

    /** Callers waiting in {@link #hold} now. */
    int waiting() {
        return waiting.get();
    }

    boolean holds(Object joiner) {
        return holder == joiner;
    }

    /** Owner thread: stops the recording ({@code quiet}) and ends the joiner's turn; no-op unless it holds the turn. */
    void release(Object joiner, Runnable quiet) {
        if (holder != joiner) {
            return;
        }
        quiet.run();
        holder = null;
        turn.release();
    }

    /** Owner thread: runs {@code quiet} unless a viewer is joining (the joiner quiets when its turn ends). */
    void quietUnlessJoining(Runnable quiet) {
        if (turn.tryAcquire()) {
            try {
                quiet.run();
            } finally {
                turn.release();
            }
        }
    }

    /** Runs {@code push} unless a viewer is joining; false when the audio was held back. */
    boolean push(Runnable push) {
        if (!pushes.readLock().tryLock()) {
            return false;
        }
        try {
            if (holder != null) {
                return false;
            }
            push.run();
            return true;
        } finally {
            pushes.readLock().unlock();
        }
    }
}
