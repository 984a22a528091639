package io.mediagateway.webrtc;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.ApiException;
import io.mediagateway.virtualinput.MediaKind;

/**
 * The checks an offer passes before any native object sees it, each failure a 400 that says what is wrong: it must be
 * SDP, have media sections, and offer a codec the gateway decodes (video VP8, VP9, H.264 or AV1; audio Opus) for at
 * least one configured kind. libwebrtc parses it again; what it rejects is a 400 too ({@link WebRtcIngest}).
 */
public record SdpOffer(String sdp, Set<MediaKind> kinds) {

    static final Set<String> VIDEO_CODECS = Set.of("VP8", "VP9", "H264", "AV1");
    static final Set<String> AUDIO_CODECS = Set.of("OPUS");
    private static final int MAX_SHOWN = 40;

    /** Parses and checks {@code sdp} against the kinds configured as webrtc. */
    public static SdpOffer check(String sdp, Set<MediaKind> configured) {
        List<Section> sections = sections(sdp);
        Set<MediaKind> offered = EnumSet.noneOf(MediaKind.class);
        Set<MediaKind> decodable = EnumSet.noneOf(MediaKind.class);
        for (Section s : sections) {
            if (s.kind == null) {
                continue;
            }
            offered.add(s.kind);
            if (s.hasSupportedCodec()) {
                decodable.add(s.kind);
            }
        }
        Set<MediaKind> usable = EnumSet.noneOf(MediaKind.class);
        usable.addAll(decodable);
        usable.retainAll(configured);
        if (offered.isEmpty()) {
            throw ApiException.badRequest("The SDP offer has no audio or video section (only "
                    + sections.stream().map(s -> s.media).distinct().toList() + "); the gateway takes video and audio.");
        }
        if (decodable.isEmpty()) {
            throw ApiException.badRequest("The SDP offer has no codec the gateway decodes: video needs VP8, VP9, H264 or "
                    + "AV1, audio needs Opus. Offered: " + sections.stream().flatMap(s -> s.codecs.stream()).distinct()
                    .toList() + ".");
        }
        if (usable.isEmpty()) {
            throw ApiException.badRequest("The SDP offer carries " + names(decodable) + " but only " + names(configured)
                    + " is configured as webrtc. Add a " + names(configured) + " track, or configure " + names(decodable)
                    + " as webrtc.");
        }
        return new SdpOffer(withFinalNewline(sdp), usable);
    }

    /** Checks a livestream viewer's offer: it must receive VP8 video and/or Opus audio (what the gateway sends). */
    public static SdpOffer forViewer(String sdp) {
        Set<MediaKind> sendable = EnumSet.noneOf(MediaKind.class);
        List<Section> sections = sections(sdp);
        for (Section s : sections) {
            if (s.kind == MediaKind.VIDEO && s.codecs.contains("VP8") || s.kind == MediaKind.AUDIO && s.codecs.contains("OPUS")) {
                sendable.add(s.kind);
            }
        }
        if (sendable.isEmpty()) {
            throw ApiException.badRequest("The SDP offer has no section the gateway can send: livestream video is VP8 and "
                    + "audio is Opus. Offered: " + sections.stream().map(s -> s.media + " " + s.codecs).toList() + ".");
        }
        return new SdpOffer(withFinalNewline(sdp), sendable);
    }

    /** True when an answer sends media: a section with a non-zero port that is sendonly or sendrecv. */
    static boolean sendsMedia(String answer) {
        boolean accepted = false;
        for (String line : answer.split("\\r?\\n")) {
            if (line.startsWith("m=")) {
                String[] parts = line.split(" ");
                accepted = parts.length > 1 && !parts[1].equals("0");
            } else if (accepted && (line.equals("a=sendonly") || line.equals("a=sendrecv"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * An answer without a single ICE candidate cannot connect (no trickle): 503 rather than a peer that only times out.
     * It happens when every port of a configured range is taken, or no usable network interface is up.
     */
    static ApiException unreachable(String answer, GatewayProperties.Webrtc settings) {
        if (answer.contains("\na=candidate:")) {
            return null;
        }
        String ports = settings.getMaxPort() > 0
                ? "are all ports " + settings.getMinPort() + "-" + settings.getMaxPort()
                        + " (gateway.webrtc.min-port/max-port) in use?"
                : "is a network interface up?";
        return ApiException.unavailable("The gateway could not gather a single ICE candidate for this peer (" + ports
                + "); retry in a moment.");
    }

    /**
     * The answer to an offer libwebrtc or the engine failed on: 503 when WebRTC cannot serve right now (busy, shut down),
     * else 400 (libwebrtc refused the offer, or failed on it).
     */
    static ApiException refused(RuntimeException e, boolean engineRunning) {
        if (!engineRunning || (e instanceof WebRtcException w && w.unavailable())) {
            return ApiException.unavailable("WebRTC cannot answer right now (" + e.getMessage() + "); retry in a moment.");
        }
        return ApiException.badRequest("The SDP offer was refused: " + e.getMessage());
    }

    private static String withFinalNewline(String sdp) {
        return sdp.endsWith("\n") ? sdp : sdp + "\r\n";
    }

    private static String names(Set<MediaKind> kinds) {
        return String.join(" and ", kinds.stream().map(MediaKind::id).toList());
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("[\\r\\n]+", " ");
        return oneLine.length() > MAX_SHOWN ? oneLine.substring(0, MAX_SHOWN) + "..." : oneLine;
    }

    /** The media sections of an offer; 400 when it is missing, not SDP, or has none. */
    private static List<Section> sections(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw ApiException.badRequest("Field 'sdp' is required: the SDP offer of your RTCPeerConnection "
                    + "(pc.localDescription.sdp after setLocalDescription(await pc.createOffer())).");
        }
        String text = sdp.strip();
        if (!text.startsWith("v=0")) {
            throw ApiException.badRequest("Field 'sdp' is not an SDP offer: it must start with 'v=0'; got '"
                    + shorten(text) + "'.");
        }
        List<Section> sections = parse(text);
        if (sections.isEmpty()) {
            throw ApiException.badRequest("The SDP offer has no media (no m= line). Add a video or audio track (or a "
                    + "recvonly/sendonly transceiver) before creating the offer.");
        }
        return sections;
    }

    private static List<Section> parse(String sdp) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        for (String line : sdp.split("\\r?\\n")) {
            if (line.startsWith("m=")) {
                String media = line.substring(2).split(" ", 2)[0].toLowerCase(Locale.ROOT);
                current = new Section(media, switch (media) {
                    case "video" -> MediaKind.VIDEO;
                    case "audio" -> MediaKind.AUDIO;
                    default -> null;
                });
                sections.add(current);
            } else if (current != null && line.startsWith("a=rtpmap:")) {
                String[] parts = line.split(" ", 2);
                if (parts.length == 2) {
                    current.codecs.add(parts[1].split("/", 2)[0].toUpperCase(Locale.ROOT));
                }
            }
        }
        return sections;
    }

    private static final class Section {
        final String media;
        final MediaKind kind;
        final List<String> codecs = new ArrayList<>();

        Section(String media, MediaKind kind) {
            this.media = media;
            this.kind = kind;
        }

        boolean hasSupportedCodec() {
            Set<String> supported = kind == MediaKind.VIDEO ? VIDEO_CODECS : AUDIO_CODECS;
            return codecs.stream().anyMatch(supported::contains);
        }
    }
}
