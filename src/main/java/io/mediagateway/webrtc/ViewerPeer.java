package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One livestream viewer's peer connection, send-only: the first video and the first audio section of the viewer's
 * offer get a track of their own made from the stream's shared sources (VP8 only for video: cheap to encode, plays
 * everywhere; Opus for audio). Closing removes the senders, closes the connection, then disposes the tracks (the
 * documented order); the shared sources outlive it. Holds the {@link SendAudioGate} until its connection is up.
 */
final class ViewerPeer extends AnsweringPeer {

    /** What the broadcast learns about its viewers (owner thread for closed, signaling thread for state). */
    interface Events {
        void connected(ViewerPeer peer);

        void closed(ViewerPeer peer, String reason);
    }

    /** How often, and how many times, a joined viewer's audio sender is checked for packets before its turn ends. */
    private static final Logger LOG = LoggerFactory.getLogger(ViewerPeer.class);
    private static final Duration JOIN_POLL = Duration.ofMillis(100);
    private static final int JOIN_POLLS = 50;

    private final LiveBroadcast broadcast;
    private final Events events;
    private final List<RTCRtpSender> senders = new ArrayList<>(); // owner thread
    private final List<MediaStreamTrack> tracks = new ArrayList<>(); // owner thread
    private volatile boolean sendsVideo;
    private volatile boolean sendsAudio;
    private final long offeredNanos = System.nanoTime();
    private volatile int joinPolls;

    ViewerPeer(WebRtcEngine engine, String id, LiveBroadcast broadcast, Events events) {
        super(engine, id);
        this.broadcast = broadcast;
        this.events = events;
    }

    boolean sendsVideo() {
        return sendsVideo;
    }

    boolean sendsAudio() {
        return sendsAudio;
    }

    /** Closes the peer if it is not connected within {@code limit} (a viewer that never applied the answer). */
    void closeUnlessConnectedWithin(Duration limit) {
        engine.after(limit, "connect deadline of peer " + id(), () -> {
            if (state() != RTCPeerConnectionState.CONNECTED) {
                closeOnOwner("not connected within " + limit.toMillis() + " ms");
            }
        });
    }

    @Override
    protected void offerApplied() {
        if (broadcast.isClosed()) { // its sources are disposed (owner thread: they cannot be disposed meanwhile)
            throw new WebRtcException("the stream stopped while negotiating");
        }
        PeerConnectionFactory factory = engine.factory();
        for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
            String kind = transceiver.getReceiver().getTrack().getKind();
            if (MediaStreamTrack.VIDEO_TRACK_KIND.equals(kind) && !sendsVideo) {
                List<RTCRtpCodecCapability> vp8 = factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs().stream()
                        .filter(c -> c.getName().equalsIgnoreCase("VP8")).toList();
                transceiver.setCodecPreferences(vp8);
                send(transceiver, factory.createVideoTrack("video-" + id(), broadcast.videoSource()));
                sendsVideo = true;
            } else if (MediaStreamTrack.AUDIO_TRACK_KIND.equals(kind) && !sendsAudio) {
                send(transceiver, factory.createAudioTrack("audio-" + id(), broadcast.audioSource()));
                sendsAudio = true;
            }
        }
    }

    private void send(RTCRtpTransceiver transceiver, MediaStreamTrack track) {
        tracks.add(track);
        transceiver.setDirection(RTCRtpTransceiverDirection.SEND_ONLY);
        RTCRtpSender sender = transceiver.getSender();
        sender.replaceTrack(track);
        sender.setStreams(List.of(broadcast.streamId()));
        senders.add(sender);
    }

    @Override
    protected void detachMedia() {
        for (RTCRtpSender sender : senders) {
            pc.removeTrack(sender);
        }
        senders.clear();
    }

    @Override
    protected void closed(String reason) {
        tracks.forEach(MediaStreamTrack::dispose);
        tracks.clear();
        // still joining: it may have started the recording before it closed
        endJoin();
        events.closed(this, reason);
    }

    @Override
    protected void stateChanged(RTCPeerConnectionState next) {
        if (next == RTCPeerConnectionState.CONNECTED) {
            // libwebrtc restarts the recording when this send transport turns writable, around this callback, on its
            // worker thread: stop it only once that is surely done, then let the next viewer join (SendAudioGate)
            if (sendsAudio) {
                engine.after(JOIN_POLL, "join of peer " + id(), this::endJoinOnceSending);
            } else {
                engine.execute("end the join of peer " + id(), this::endJoin);
            }
            events.connected(this);
        }
    }

    /**
     * Owner thread. The recording restarted once the audio sender sends packets: no audio is pushed during the turn, so
     * they come from the recording itself (the headless module records silence). Then it is safe to stop it. A sender
     * that sends nothing within the polls ends the turn anyway, so the next viewers are not locked out.
     */
    private void endJoinOnceSending() {
        if (isClosed() || !engine.audioGate().holds(this)) {
            return;
        }
        pc.getStats(report -> { // libwebrtc's signaling thread: post, never wait
            if (audioPacketsSent(report) > 0) {
                engine.execute("end the join of peer " + id(), this::endJoin);
            } else if (++joinPolls < JOIN_POLLS) {
                engine.after(JOIN_POLL, "join of peer " + id(), this::endJoinOnceSending);
            } else {
                LOG.warn("[webrtc] audio sender sent nothing while joining peer={} waited_ms={}: ending the join anyway",
                        id(), JOIN_POLL.toMillis() * JOIN_POLLS);
                engine.execute("end the join of peer " + id(), this::endJoin);
            }
        });
    }

    private void endJoin() {
        if (engine.audioGate().holds(this)) {
            LOG.info("[webrtc] viewer join ended peer={} ms_since_offer={} audio_polls={}", id(),
                    (System.nanoTime() - offeredNanos) / 1_000_000, joinPolls);
        }
        engine.audioGate().release(this, engine::quietRecording);
    }

    private static long audioPacketsSent(RTCStatsReport report) {
        long sent = 0;
        for (RTCStats s : report.getStats().values()) {
            Map<String, Object> a = s.getAttributes();
            if (s.getType() == RTCStatsType.OUTBOUND_RTP && "audio".equals(String.valueOf(a.get("kind")))
                    && a.get("packetsSent") instanceof Number n) {
                sent += n.longValue();
            }
        }
        return sent;
    }
}
