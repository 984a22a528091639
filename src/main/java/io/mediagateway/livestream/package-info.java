/**
 * Livestreams of the desktop (SPEC "Livestreams"): {@code POST /stream/start|stop}, {@code GET /stream/list},
 * {@code WS /stream/socket/{id}} and its viewer page, {@code POST /stream/webrtc/offer} (WebRTC viewers).
 *
 * <p>What flows where (routes/livestream-routes.yaml, one route {@code livestream-<id>} per stream):
 * {@code desktop:capture?display&framerate&encoding} → {@code rtmp-push:<id>} (internal, remote) or
 * {@code stream-socket:<id>} (socket); for webrtc, {@code desktop:capture?encoding=i420-pcm} (pictures and sound, not
 * encoded) → {@code webrtc:<id>?viewers=#webRtcViewers}, whose shared sources every viewer's peer encodes (VP8, Opus).
 * How: {@link io.mediagateway.livestream.CaptureSupervisor} owns, reference counted, one {@code ScreenCapture} (x11grab, no cursor) per display and frame rate, one {@code SoundCapture} (the
 * PulseAudio monitor of audio_output), and one {@code StreamEncoder} per encoding of a capture, so every stream that
 * needs the same bytes shares them. Each output is isolated: an {@code RtmpPush} has its own thread, bounded queue
 * and reconnect backoff; socket viewers ({@link io.mediagateway.broadcast.LiveViewers}) are never waited for.
 * {@link io.mediagateway.livestream.LivestreamService} checks everything (409, display, PulseAudio) before it starts a
 * route, so a refused start changes nothing; {@link io.mediagateway.livestream.LivestreamApi} is the thin HTTP side.
 */
package io.mediagateway.livestream;
