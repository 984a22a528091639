package io.mediagateway.webrtc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps pushed audio away from the headless audio module's recording (STACK.md: a recording module racing
 * {@code CustomAudioSource.pushAudio} aborts the JVM). libwebrtc restarts the module's recording whenever a new sending
 * peer's transport turns writable, so each new sending peer holds the gate from before its negotiation until its
 * connection is up and recording was stopped again (or it closed); while anyone holds it, audio is not pushed.
 * {@link #hold} waits for a push in progress, so no push overlaps a negotiation.
 */
final class SendAudioGate {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<Object> holders = ConcurrentHashMap.newKeySet();

    void hold(Object holder) {
        lock.writeLock().lock();
        try {
            holders.add(holder);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Call after the module's recording was stopped (on the owner thread) once the holder is connected or closed. */
    void release(Object holder) {
        holders.remove(holder);
    }

    /** Runs {@code push} unless the gate is held; false when the audio was held back. */
    boolean push(Runnable push) {
        if (!lock.readLock().tryLock()) {
            return false;
        }
        try {
            if (!holders.isEmpty()) {
                return false;
            }
            push.run();
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }
}
