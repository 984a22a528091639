package io.mediagateway.javacv;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes of one publisher, as an InputStream for FFmpeg. Bounded: a writer blocks while {@code capacity} bytes
 * are unread (which pauses the WebSocket upstream, see media-socket), so memory stays bounded without dropping data.
 */
final class ChunkInputStream extends InputStream {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final long capacity;
    private long buffered;
    private byte[] current;
    private int offset;
    private boolean ended;

    ChunkInputStream(long capacity) {
        this.capacity = capacity;
    }

    /** Adds a chunk; waits while the buffer is full. Returns false when the stream was ended meanwhile. */
    boolean write(byte[] chunk) throws InterruptedException {
        if (chunk.length == 0) {
            return true;
        }
        lock.lock();
        try {
            while (!ended && buffered >= capacity) {
                writable.await(100, TimeUnit.MILLISECONDS);
            }
            if (ended) {
                return false;
            }
            chunks.add(chunk);
            buffered += chunk.length;
            readable.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** No more data: readers get end-of-stream once what is buffered has been read. */
    void end() {
        lock.lock();
        try {
            ended = true;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean ended() {
        lock.lock();
        try {
            return ended && chunks.isEmpty() && current == null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        lock.lock();
        try {
            while (current == null) {
                current = chunks.poll();
                offset = 0;
                if (current != null) {
                    break;
                }
                if (ended) {
                    return -1;
                }
                readable.awaitUninterruptibly();
            }
            int n = Math.min(len, current.length - offset);
            System.arraycopy(current, offset, b, off, n);
            offset += n;
            if (offset == current.length) {
                buffered -= current.length;
                current = null;
                writable.signalAll();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        end();
    }
}
