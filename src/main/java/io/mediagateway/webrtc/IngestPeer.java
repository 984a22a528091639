package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.mediagateway.virtualinput.MediaKind;

/**
 * One publisher's peer connection, receive-only: attaches sinks to the tracks of the kinds it was opened for, reads
 * connection stats periodically, and detaches the sinks before the connection closes ({@link AnsweringPeer}).
 */
final class IngestPeer extends AnsweringPeer {

    /** Where the media goes; called on libwebrtc's decoder and audio threads while the data is valid. */
    interface Media {
        void video(IngestPeer peer, VideoFrame frame);

        void audio(IngestPeer peer, byte[] data, int bitsPerSample, int sampleRate, int channels, int frames);

        void stateChanged(IngestPeer peer, RTCPeerConnectionState state);
    }

    private final Set<MediaKind> kinds;
    private final Media media;
    private final List<Runnable> detachSinks = new ArrayList<>(); // owner thread
    private final Map<MediaKind, Map<String, Object>> rtcStats = new ConcurrentHashMap<>();
    private volatile Double rttMs;

    IngestPeer(WebRtcEngine engine, String id, Set<MediaKind> kinds, Media media) {
        super(engine, id);
        this.kinds = Set.copyOf(kinds);
        this.media = media;
    }

    /** Stats from the last getStats: per kind jitter, packets lost, codec, decoder counters; RTT of the ICE pair. */
    Map<String, Object> rtcStats(MediaKind kind) {
        Map<String, Object> stats = new LinkedHashMap<>(rtcStats.getOrDefault(kind, Map.of()));
        if (rttMs != null) {
            stats.put("rtt_ms", rttMs);
        }
        return stats;
    }

    @Override
    protected void offerApplied() {
        for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            if (track instanceof VideoTrack video && kinds.contains(MediaKind.VIDEO)) {
                VideoTrackSink sink = frame -> {
                    try {
                        media.video(this, frame);
                    } finally {
                        frame.release(); // the sink gets its own reference to a copy of the picture (webrtc-java JNI)
                    }
                };
                video.addSink(sink);
                detachSinks.add(() -> video.removeSink(sink));
            } else if (track instanceof AudioTrack audio && kinds.contains(MediaKind.AUDIO)) {
                AudioTrackSink sink = (data, bits, rate, channels, frames) -> media.audio(this, data, bits, rate,
                        channels, frames);
                audio.addSink(sink);
                detachSinks.add(() -> audio.removeSink(sink));
            }
        }
    }

    @Override
    protected void detachMedia() {
        detachSinks.forEach(Runnable::run);
        detachSinks.clear();
    }

    @Override
    protected void stateChanged(RTCPeerConnectionState next) {
        if (next == RTCPeerConnectionState.CONNECTED) {
            // the ingest peer only receives (its transceivers come from the remote offer: recvonly), and libwebrtc
            // restarts the module's recording for sending audio streams only, so this connect does not restart it and
            // viewers' pushes stay safe. Stopping it here is belt and braces (it skips while a viewer joins: STACK.md)
            engine.execute("quiet recording", engine::quietRecordingUnlessJoining);
            engine.after(Duration.ofMillis(300), "quiet recording", engine::quietRecordingUnlessJoining);
        }
        media.stateChanged(this, next);
    }

    @Override
    protected Consumer<RTCStatsReport> statsReader() {
        return this::readStats;
    }

    /** On libwebrtc's signaling thread: plain Java only. */
    private void readStats(RTCStatsReport report) {
        Map<String, RTCStats> all = report.getStats();
        for (RTCStats s : all.values()) {
            Map<String, Object> a = s.getAttributes();
            if (s.getType() == RTCStatsType.INBOUND_RTP) {
                MediaKind kind = "video".equals(String.valueOf(a.get("kind"))) ? MediaKind.VIDEO : MediaKind.AUDIO;
                Map<String, Object> k = new LinkedHashMap<>();
                RTCStats codec = all.get(String.valueOf(a.get("codecId")));
                if (codec != null) {
                    k.put("codec", codec.getAttributes().get("mimeType"));
                }
                if (a.get("jitter") instanceof Number jitter) {
                    k.put("jitter_ms", Math.round(jitter.doubleValue() * 10_000) / 10.0);
                }
                copy(a, k, "packetsReceived", "packets_received");
                copy(a, k, "packetsLost", "packets_lost");
                copy(a, k, "framesDecoded", "frames_decoded");
                copy(a, k, "framesDropped", "decoder_frames_dropped");
                copy(a, k, "frameWidth", "frame_width");
                copy(a, k, "frameHeight", "frame_height");
                rtcStats.put(kind, k);
            } else if (s.getType() == RTCStatsType.CANDIDATE_PAIR && Boolean.TRUE.equals(a.get("nominated"))
                    && a.get("currentRoundTripTime") instanceof Number rtt) {
                rttMs = Math.round(rtt.doubleValue() * 10_000) / 10.0;
            }
        }
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String key, String as) {
        Object value = from.get(key);
        if (value != null) {
            to.put(as, value);
        }
    }
}
