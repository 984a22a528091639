package io.mediagateway.audio;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.mediagateway.virtualinput.Pacing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time playout: decoded PCM waits in a bounded buffer, and one thread hands it to the sink 10 ms at a time, or
 * silence when there is none (no input, or paused). The sink's blocking write is the clock, so playout runs at the
 * device's rate and nothing queues up behind it.
 *
 * Two pacings ({@link Pacing}):
 * <ul>
 * <li>{@code timestamps}: every sample offered plays once, in order. The buffer holds up to the lead
 * ({@code gateway.audio.max-lead}); a publisher further ahead of real time waits in {@link #offer} until playout has
 * made room, which stops its socket being read (the media socket's flow control): back-pressure, not dropping. A
 * real-time publisher never waits. Nothing is trimmed.</li>
 * <li>{@code latest}: the rules below.</li>
 * </ul>
 * <ul>
 * <li>Drop, don't drift: when more audio arrives than the buffer holds (a publisher sending faster than real time,
 * the sink stalling), the oldest is dropped and counted; latency never grows past the buffer.</li>
 * <li>Stay near live: input and output run at the same rate, so a backlog that built up once (a stall, a burst) would
 * never drain by itself. When the buffer has not gone below {@link #TRIM_ABOVE} for a whole second, the excess over
 * {@link #TRIM_TO} is dropped (bench/audio-latency.sh: p50 183 ms, at the 200 ms cap, without this; 66 ms with it).</li>
 * <li>Idle: after {@link #PARK_AFTER} with nothing to play (no input, or paused), playout stops writing and waits for
 * audio; PulseAudio renders silence by itself, and the gateway spends no CPU on it. Shorter gaps are bridged with
 * silence so the stream keeps running.</li>
 * <li>While the sink is gone (PulseAudio restarting), playout keeps wall-clock time and drops what comes due, and
 * reopens the sink with backoff; audio resumes live, not with a backlog.</li>
 * <li>Paused: what arrives is discarded (counted) and the sink gets silence.</li>
 * </ul>
 * The thread owns the sink (opens, writes, closes it): no native object is touched from two threads.
 */
public final class AudioPacer implements AutoCloseable {

    /** What the pipeline wants to hear about (logs, last_error). Called on the playout thread. */
    public interface Events {
        void sinkOpened(PcmSink sink, Duration outage);

        void sinkFailed(String error, boolean wasOpen);

        void idle(Duration silentFor);

        void resumed(Duration idleFor);
    }

    /**
     * Playout granularity. Each block is one write into PulseAudio and a wake-up of libpulse's thread: 20 ms blocks
     * took half the CPU of 10 ms ones at the same measured latency (bench/audio-latency.sh).
     */
    public static final Duration BLOCK = Duration.ofMillis(20);
    static final Duration PARK_AFTER = Duration.ofMillis(200);
    static final Duration TRIM_WINDOW = Duration.ofSeconds(1);
    static final Duration TRIM_ABOVE = Duration.ofMillis(20);
    static final Duration TRIM_TO = Duration.ofMillis(5);
    private static final Logger LOG = LoggerFactory.getLogger(AudioPacer.class);
    private static final Duration IDLE_AFTER = Duration.ofSeconds(1);
    private static final long MAX_BACKOFF_MS = 2_000;

    private final Pacing pacing;
    private final PcmSink.Opener opener;
    private final Events events;
    private final long reconnectBackoffMs;
    private final String name;
    private final int blockBytes = Pcm.bytes(BLOCK.toMillis());

    private final Object lock = new Object();
    private final byte[] ring;
    private int head;
    private int size;
    private boolean paused;
    private boolean closed;
    private long flushes; // an offer waiting for room drops the rest of its audio when this moves

    private final AtomicLong offeredBytes = new AtomicLong();
    private final AtomicLong playedBytes = new AtomicLong();
    private final AtomicLong silenceBytes = new AtomicLong();
    private final AtomicLong droppedBytes = new AtomicLong();
    private final AtomicLong discardedBytes = new AtomicLong();
    private final AtomicLong trimmedBytes = new AtomicLong();
    private final AtomicLong flushedBytes = new AtomicLong();

    private volatile boolean running;
    private Thread thread;

    /** A {@code latest} pacer: at most {@code maxBuffer} waits, the oldest is dropped beyond it. */
    public AudioPacer(String name, Duration maxBuffer, Duration reconnectBackoff, PcmSink.Opener opener, Events events) {
        this(name, Pacing.LATEST, maxBuffer, reconnectBackoff, opener, events);
    }

    /**
     * @param capacity what may wait to be played: {@code latest} drops the oldest beyond it, {@code timestamps} makes
     *        {@link #offer} wait for room (the lead a publisher may have over real time)
     */
    public AudioPacer(String name, Pacing pacing, Duration capacity, Duration reconnectBackoff, PcmSink.Opener opener,
            Events events) {
        this.name = name;
        this.pacing = pacing;
        this.opener = opener;
        this.events = events;
        this.reconnectBackoffMs = Math.max(10, reconnectBackoff.toMillis());
        int bytes = Math.max(blockBytes, Pcm.bytes(capacity.toMillis()));
        this.ring = new byte[bytes - bytes % Pcm.BYTES_PER_FRAME];
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::playout, "audio-pacer-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues decoded PCM for playout; all of it is discarded while paused. {@code latest}: drops the oldest audio
     * beyond the buffer. {@code timestamps}: waits for room as long as it takes (back-pressure), unless paused,
     * flushed or closed meanwhile.
     */
    public void offer(byte[] pcm) {
        if (pcm.length == 0) {
            return;
        }
        int length = pcm.length - pcm.length % Pcm.BYTES_PER_FRAME;
        synchronized (lock) {
            offeredBytes.addAndGet(length);
            if (paused) {
                discardedBytes.addAndGet(length);
                return;
            }
            if (pacing == Pacing.TIMESTAMPS) {
                offerWhole(pcm, length);
                return;
            }
            int from = 0;
            if (length > ring.length) {
                from = length - ring.length; // only the newest buffer-full can still be played in time
                droppedBytes.addAndGet(from);
            }
            int overflow = size + (length - from) - ring.length;
            if (overflow > 0) {
                dropOldest(overflow);
            }
            int tail = (head + size) % ring.length;
            int first = Math.min(length - from, ring.length - tail);
            System.arraycopy(pcm, from, ring, tail, first);
            System.arraycopy(pcm, from + first, ring, 0, length - from - first);
            size += length - from;
            lock.notifyAll(); // a parked playout resumes
        }
    }

    /** Under the lock: copies all of {@code pcm} into the ring, waiting for playout to make room whenever it is full. */
    private void offerWhole(byte[] pcm, int length) {
        int from = 0;
        long flushesAtStart = flushes;
        while (from < length) {
            try {
                while (size == ring.length && !paused && !closed && flushes == flushesAtStart) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the route is being stopped
                flushedBytes.addAndGet(length - from);
                return;
            }
            if (paused || closed || flushes != flushesAtStart) {
                (paused ? discardedBytes : flushedBytes).addAndGet(length - from);
                return;
            }
            int n = Math.min(length - from, ring.length - size);
            int tail = (head + size) % ring.length;
            int first = Math.min(n, ring.length - tail);
            System.arraycopy(pcm, from, ring, tail, first);
            System.arraycopy(pcm, from + first, ring, 0, n - first);
            size += n;
            from += n;
            lock.notifyAll(); // a parked playout resumes
        }
    }

    /** Drops everything waiting to be played (counted as flushed); a publisher waiting in {@link #offer} goes on. */
    public void flush() {
        synchronized (lock) {
            flushedBytes.addAndGet(size);
            head = 0;
            size = 0;
            flushes++;
            lock.notifyAll();
        }
    }

    public Pacing pacing() {
        return pacing;
    }

    /** Audio dropped unplayed by a flush, or queued when the pacer closed. */
    public long flushedMillis() {
        return Pcm.millis(flushedBytes.get());
    }

    /** Paused: silence out, input discarded (what is buffered too). */
    public void setPaused(boolean paused) {
        synchronized (lock) {
            this.paused = paused;
            if (paused) {
                discardedBytes.addAndGet(size);
                head = 0;
                size = 0;
                lock.notifyAll(); // a publisher waiting for room discards the rest
            }
        }
    }

    public boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    /** Milliseconds of audio waiting to be played. */
    public long bufferedMillis() {
        synchronized (lock) {
            return Pcm.millis(size);
        }
    }

    public long offeredMillis() {
        return Pcm.millis(offeredBytes.get());
    }

    /** Audio (not silence) handed to the sink. */
    public long playedMillis() {
        return Pcm.millis(playedBytes.get());
    }

    public long silenceMillis() {
        return Pcm.millis(silenceBytes.get());
    }

    /** Audio dropped to stay real-time: buffer overflow, or nowhere to play it. */
    public long droppedMillis() {
        return Pcm.millis(droppedBytes.get());
    }

    /** Part of {@link #droppedMillis()}: backlog dropped to get back near live. */
    public long trimmedMillis() {
        return Pcm.millis(trimmedBytes.get());
    }

    /** Audio thrown away because the pipeline was paused. */
    public long discardedMillis() {
        return Pcm.millis(discardedBytes.get());
    }

    /** Stops playout and closes the sink. Waits a little for the playout thread (a write may be blocked in PulseAudio). */
    @Override
    public void close() {
        Thread playout;
        synchronized (this) {
            running = false;
            playout = thread;
        }
        synchronized (lock) {
            closed = true;
            lock.notifyAll(); // a publisher waiting for room drops the rest
        }
        if (playout == null || playout == Thread.currentThread()) {
            return;
        }
        playout.interrupt();
        try {
            playout.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (playout.isAlive()) {
            LOG.warn("[virtual-input] audio playout thread={} still blocked in the sink after 3 s; it ends when the sink returns",
                    playout.getName());
        }
    }

    /** Drops the backlog beyond {@link #TRIM_TO} if the buffer stayed above {@link #TRIM_ABOVE} for the whole window. */
    private void trimBacklog(int lowestInWindow) {
        if (pacing == Pacing.TIMESTAMPS) {
            return; // the backlog is the publisher's lead, bounded by back-pressure, and every sample of it plays
        }
        synchronized (lock) {
            int excess = Math.min(lowestInWindow, size) - Pcm.bytes(TRIM_TO.toMillis());
            if (lowestInWindow > Pcm.bytes(TRIM_ABOVE.toMillis()) && excess > 0) {
                excess -= excess % Pcm.BYTES_PER_FRAME;
                dropOldest(excess);
                trimmedBytes.addAndGet(excess);
            }
        }
    }

    /** Waits up to {@code millis} for audio to arrive; true when there is some. */
    private boolean awaitAudio(long millis) throws InterruptedException {
        synchronized (lock) {
            if (size == 0 || paused) {
                lock.wait(millis);
            }
            return size > 0 && !paused;
        }
    }

    private int level() {
        synchronized (lock) {
            return size;
        }
    }

    private void dropOldest(int bytes) {
        int n = Math.min(bytes, size);
        head = (head + n) % ring.length;
        size -= n;
        droppedBytes.addAndGet(n);
    }

    /** Copies up to one block of buffered audio into {@code block}; returns how many bytes were audio. */
    private int take(byte[] block) {
        synchronized (lock) {
            int n = paused ? 0 : Math.min(block.length, size);
            int first = Math.min(n, ring.length - head);
            System.arraycopy(ring, head, block, 0, first);
            System.arraycopy(ring, 0, block, first, n - first);
            head = (head + n) % ring.length;
            size -= n;
            if (size == 0) {
                head = 0;
            }
            if (n > 0 && pacing == Pacing.TIMESTAMPS) {
                lock.notifyAll(); // room for a publisher waiting in offer
            }
            java.util.Arrays.fill(block, n, block.length, (byte) 0);
            return n;
        }
    }

    private void playout() {
        byte[] block = new byte[blockBytes];
        PcmSink sink = null;
        long backoffMs = reconnectBackoffMs;
        long nextOpenAttempt = 0;
        long outageStarted = 0;
        long clock = System.nanoTime();
        long lastAudio = System.nanoTime();
        boolean idle = true; // nothing has played yet: the first audio is reported as resumed
        long windowStart = System.nanoTime();
        int lowest = Integer.MAX_VALUE;
        try {
            while (running) {
                long now = System.nanoTime();
                if (sink == null && now >= nextOpenAttempt) {
                    try {
                        sink = opener.open();
                        events.sinkOpened(sink, outageStarted == 0 ? Duration.ZERO : Duration.ofNanos(now - outageStarted));
                        outageStarted = 0;
                        backoffMs = reconnectBackoffMs;
                    } catch (IOException | RuntimeException e) {
                        if (outageStarted == 0) {
                            outageStarted = now;
                            events.sinkFailed(e.getMessage(), false);
                        }
                        nextOpenAttempt = now + TimeUnit.MILLISECONDS.toNanos(backoffMs);
                        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                    }
                    clock = System.nanoTime();
                }
                if (sink != null && System.nanoTime() - lastAudio > PARK_AFTER.toNanos() && level() == 0) {
                    // parked: nothing to play for a while; PulseAudio plays silence on its own
                    if (!idle && System.nanoTime() - lastAudio > IDLE_AFTER.toNanos()) {
                        idle = true;
                        events.idle(Duration.ofNanos(System.nanoTime() - lastAudio));
                    }
                    if (!awaitAudio(idle ? 250 : 50)) {
                        continue;
                    }
                    windowStart = System.nanoTime();
                    lowest = Integer.MAX_VALUE;
                }
                lowest = Math.min(lowest, level());
                if (System.nanoTime() - windowStart > TRIM_WINDOW.toNanos()) {
                    trimBacklog(lowest);
                    windowStart = System.nanoTime();
                    lowest = Integer.MAX_VALUE;
                }
                int audio = take(block);
                if (audio > 0) {
                    if (idle) {
                        events.resumed(Duration.ofNanos(System.nanoTime() - lastAudio));
                        idle = false;
                    }
                    lastAudio = System.nanoTime();
                } else if (!idle && System.nanoTime() - lastAudio > IDLE_AFTER.toNanos()) {
                    idle = true;
                    events.idle(Duration.ofNanos(System.nanoTime() - lastAudio));
                }
                if (sink != null) {
                    try {
                        sink.write(block, 0, block.length);
                        playedBytes.addAndGet(audio);
                        silenceBytes.addAndGet(block.length - audio);
                        continue;
                    } catch (IOException | RuntimeException e) {
                        closeQuietly(sink);
                        sink = null;
                        outageStarted = System.nanoTime();
                        nextOpenAttempt = outageStarted + TimeUnit.MILLISECONDS.toNanos(backoffMs);
                        events.sinkFailed(e.getMessage(), true);
                        clock = System.nanoTime();
                    }
                }
                // no sink: keep real time by the wall clock and drop what comes due
                droppedBytes.addAndGet(audio);
                clock += BLOCK.toNanos();
                long sleep = clock - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } else if (sleep < -BLOCK.toNanos() * 10) {
                    clock = System.nanoTime(); // fell far behind (suspended?): do not try to catch up
                }
            }
        } catch (InterruptedException e) {
            // close() asked us to stop
        } finally {
            if (sink != null) {
                closeQuietly(sink);
            }
        }
    }

    private static void closeQuietly(PcmSink sink) {
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debug("[virtual-input] audio sink close failed sink=\"{}\" error=\"{}\"", sink.describe(), e.getMessage());
        }
    }
}
