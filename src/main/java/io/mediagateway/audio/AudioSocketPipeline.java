package io.mediagateway.audio;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.mediagateway.mediasocket.MediaSocketRegistry;
import io.mediagateway.virtualinput.AudioDestination;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import io.mediagateway.virtualinput.pipeline.IngestPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket audio ingest for one configuration: MP3 chunks from the publisher on
 * {@code /input/devices/virtual/socket/audio} are decoded per connection and paced in real time into the PulseAudio
 * sink chosen by {@code destination}. The route ({@code virtual-audio-ingest}) calls it through
 * {@link AudioSocketIngest}; the control plane through {@link IngestPipeline}.
 */
public final class AudioSocketPipeline implements IngestPipeline {

    static final String PATH = VirtualInputsStatus.AUDIO_SOCKET_PATH;
    private static final Logger LOG = LoggerFactory.getLogger(AudioSocketPipeline.class);

    private final AudioDestination destination;
    private final String sinkName;
    private final AudioPacer pacer;
    private final PacerEvents sink;
    private final MediaSocketRegistry sockets;
    private final Consumer<AudioSocketPipeline> onClose;
    private final Map<String, PublisherDecoder> publishers = new ConcurrentHashMap<>();

    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong chunksIn = new AtomicLong();
    /** Guards moving a publisher's figures from {@code publishers} into the closed totals. */
    private final Object totals = new Object();
    private final AtomicLong decodedMillisClosed = new AtomicLong();
    private final AtomicLong garbageBytesClosed = new AtomicLong();
    private final AtomicLong decodeErrorsClosed = new AtomicLong();
    private volatile Instant lastInputAt;
    private volatile String lastError;
    private volatile boolean closed;

    AudioSocketPipeline(AudioDestination destination, String sinkName, AudioPacerFactory pacers,
            MediaSocketRegistry sockets, Consumer<AudioSocketPipeline> onClose) {
        this.destination = destination;
        this.sinkName = sinkName;
        this.sockets = sockets;
        this.onClose = onClose;
        this.sink = new PacerEvents(sinkName);
        this.pacer = pacers.create(sinkName, sink);
    }

    /** Builds the pacer for a sink; the factory binds it to PulseAudio, tests may bind it elsewhere. */
    @FunctionalInterface
    interface AudioPacerFactory {
        AudioPacer create(String sinkName, AudioPacer.Events events);
    }

    @Override
    public Set<MediaKind> kinds() {
        return Set.of(MediaKind.AUDIO);
    }

    @Override
    public void start() {
        pacer.start();
        LOG.info("[virtual-input] audio ingest ready path={} destination={} sink={}", PATH, destination.id(), sinkName);
    }

    @Override
    public void setPaused(boolean paused) {
        pacer.setPaused(paused);
    }

    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        int publishersClosed = sockets.close(PATH, reason);
        pacer.close();
        synchronized (totals) {
            publishers.values().forEach(this::retire);
            publishers.clear();
        }
        onClose.accept(this);
        LOG.info("[virtual-input] audio ingest closed sink={} publishers_closed={} reason=\"{}\"", sinkName,
                publishersClosed, reason);
    }

    public boolean isClosed() {
        return closed;
    }

    // --- the route's steps -------------------------------------------------------------------------------------

    void connected(String connection) {
        if (closed) {
            return;
        }
        publishers.computeIfAbsent(connection, c -> new PublisherDecoder());
        LOG.info("[virtual-input] audio publisher connected connection={} destination={} sink={}", connection,
                destination.id(), sinkName);
    }

    /** MP3 bytes in, PCM out; garbage is skipped, counted and reported. */
    byte[] decode(String connection, byte[] chunk) {
        bytesIn.addAndGet(chunk.length);
        chunksIn.incrementAndGet();
        lastInputAt = Instant.now();
        if (closed) {
            return new byte[0];
        }
        PublisherDecoder decoder = publishers.computeIfAbsent(connection, c -> new PublisherDecoder());
        long garbageBefore = decoder.garbageBytes();
        long errorsBefore = decoder.decodeErrors();
        byte[] pcm = decoder.decode(chunk);
        long garbage = decoder.garbageBytes() - garbageBefore;
        long errors = decoder.decodeErrors() - errorsBefore;
        if (garbage > 0 || errors > 0) {
            reportBadInput(connection, garbage, errors, decoder);
        }
        return pcm;
    }

    void play(byte[] pcm) {
        if (!closed) {
            pacer.offer(pcm);
        }
    }

    /** The publisher flushed (barge-in): what waits to be played is dropped; playout goes on with what comes next. */
    void flush(String connection) {
        if (!closed) {
            pacer.flush();
            LOG.info("[virtual-input] audio flushed connection={} sink={}", connection, sinkName);
        }
    }

    void disconnected(String connection, String reason) {
        PublisherDecoder decoder = publishers.get(connection);
        if (decoder == null) {
            return;
        }
        if (!closed) {
            pacer.offer(decoder.finish()); // the tail of the stream still plays
        }
        long decoded = decoder.decodedMillis();
        synchronized (totals) { // stats() never sees the decoder in neither (or both) of the map and the totals
            publishers.remove(connection);
            retire(decoder);
        }
        LOG.info("[virtual-input] audio publisher disconnected connection={} decoded_ms={} reason=\"{}\"", connection,
                decoded, reason == null ? "" : reason);
    }

    // --- status --------------------------------------------------------------------------------------------------

    @Override
    public Map<String, Object> stats(MediaKind kind) {
        long decodedMs;
        long garbage;
        long errors;
        synchronized (totals) {
            decodedMs = decodedMillisClosed.get();
            garbage = garbageBytesClosed.get();
            errors = decodeErrorsClosed.get();
            for (PublisherDecoder decoder : publishers.values()) {
                decodedMs += decoder.decodedMillis();
                garbage += decoder.garbageBytes();
                errors += decoder.decodeErrors();
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("pipeline", "socket-mp3");
        sink.putStats(stats, pacer);
        stats.put("publishers", closed ? 0 : sockets.count(PATH));
        stats.put("bytes_in", bytesIn.get());
        stats.put("chunks_in", chunksIn.get());
        stats.put("garbage_bytes", garbage);
        stats.put("decode_errors", errors);
        stats.put("decoded_ms", decodedMs);
        stats.put("last_input_at", lastInputAt == null ? null : lastInputAt.truncatedTo(ChronoUnit.MILLIS).toString());
        return stats;
    }

    @Override
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    private void retire(PublisherDecoder decoder) {
        decodedMillisClosed.addAndGet(decoder.decodedMillis());
        garbageBytesClosed.addAndGet(decoder.garbageBytes());
        decodeErrorsClosed.addAndGet(decoder.decodeErrors());
        decoder.close();
    }

    private void reportBadInput(String connection, long garbage, long errors, PublisherDecoder decoder) {
        String what = garbage > 0 ? garbage + " bytes that are not MP3 frames were skipped" : "";
        if (errors > 0) {
            what += (what.isEmpty() ? "" : "; ") + errors + " MP3 frames could not be decoded ("
                    + decoder.lastDecodeError() + ")";
        }
        boolean first = lastError == null || !lastError.startsWith("Audio input");
        lastError = "Audio input at " + now() + ": " + what + "; decoding re-syncs on the next valid frame. Send MP3 "
                + "(MPEG audio layer III) frames only.";
        if (first) {
            LOG.warn("[virtual-input] audio bad input connection={} garbage_bytes={} decode_errors={}", connection,
                    garbage, errors);
        } else {
            LOG.debug("[virtual-input] audio bad input connection={} garbage_bytes={} decode_errors={}", connection,
                    garbage, errors);
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Playout events: the sink's state (logged by {@link SinkWatch}), its outages in last_error. */
    private final class PacerEvents extends SinkWatch {

        private Instant lostAt;

        PacerEvents(String sinkName) {
            super("virtual-input", sinkName);
        }

        @Override
        public void sinkOpened(PcmSink sink, Duration outage) {
            super.sinkOpened(sink, outage);
            if (lostAt != null) {
                lastError = "PulseAudio sink " + sinkName + " was unavailable from " + lostAt.truncatedTo(ChronoUnit.MILLIS)
                        + " for " + outage.toMillis() + " ms (audio in that gap was dropped); playing again since " + now()
                        + ".";
                lostAt = null;
            }
        }

        @Override
        public void sinkFailed(String error, boolean wasOpen) {
            super.sinkFailed(error, wasOpen);
            lostAt = Instant.now();
            lastError = "PulseAudio sink " + sinkName + " unavailable since " + now() + ": " + error
                    + " (retrying; audio is dropped until it is back).";
        }

        @Override
        public void idle(Duration silentFor) {
            LOG.info("[virtual-input] audio idle sink={} silent_ms={} publishers={}", sinkName, silentFor.toMillis(),
                    closed ? 0 : sockets.count(PATH));
        }

        private boolean flowedBefore;

        @Override
        public void resumed(Duration idleFor) {
            if (flowedBefore) {
                LOG.info("[virtual-input] audio resumed sink={} idle_ms={}", sinkName, idleFor.toMillis());
            } else {
                LOG.info("[virtual-input] audio flowing sink={} after_ms={}", sinkName, idleFor.toMillis());
                flowedBefore = true;
            }
        }
    }
}
