package io.mediagateway.virtualinput;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.PublicUrls;
import io.mediagateway.virtualinput.pipeline.IngestPipeline;

/** The seed's VirtualInputsStatus plus {@code stats}; returned by configure, status, pause, resume and stop. */
@JsonPropertyOrder({"state", "mode", "video_device", "video_file", "audio_sink", "microphone_source", "video", "audio",
        "ingest", "started_at", "last_error", "stats"})
public record VirtualInputsStatus(
        String state,
        String mode,
        String videoDevice,
        String audioSink,
        String microphoneSource,
        VideoInput video,
        AudioInput audio,
        Ingest ingest,
        Instant startedAt,
        String lastError,
        Map<String, Map<String, Object>> stats,
        /* the Y4M file the camera is written to (gateway.video.y4m-file), while video is configured */
        String videoFile) {

    public static final String VIDEO_SOCKET_PATH = "/input/devices/virtual/socket/video";
    public static final String AUDIO_SOCKET_PATH = "/input/devices/virtual/socket/audio";
    public static final String WEBRTC_OFFER_PATH = "/input/devices/virtual/webrtc/offer";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ingest(Endpoint video, Endpoint audio) {
    }

    @JsonPropertyOrder({"protocol", "format", "destination", "url"})
    public record Endpoint(String protocol, String format, AudioDestination destination, String url) {
    }

    public static VirtualInputsStatus of(VirtualInputService.Session session, String mode, GatewayProperties gateway,
            PublicUrls urls) {
        VirtualInputConfig config = session.config();
        GatewayProperties.Pulse pulse = gateway.getPulse();
        String device = gateway.getVideo().getDevice().toString();
        if (config == null) {
            return new VirtualInputsStatus(session.state().id(), mode, device, pulse.getInputSink(),
                    pulse.getMicrophoneSource(), null, null, null, null, session.lastError().orElse(null), null, null);
        }
        AudioInput audio = config.audio();
        String sink = audio != null && audio.destination() == AudioDestination.SPEAKER ? pulse.getOutputSink()
                : pulse.getInputSink();
        Endpoint videoIngest = config.video() == null ? null
                : endpoint(config.video().type(), config.video().format(), null, urls, VIDEO_SOCKET_PATH);
        Endpoint audioIngest = audio == null ? null
                : endpoint(audio.type(), audio.format(), audio.destination(), urls, AUDIO_SOCKET_PATH);
        Ingest ingest = videoIngest == null && audioIngest == null ? null : new Ingest(videoIngest, audioIngest);
        return new VirtualInputsStatus(session.state().id(), mode, device, sink, pulse.getMicrophoneSource(),
                config.video(), audio, ingest, session.startedAt(), session.lastError().orElse(null), stats(session),
                config.video() == null || gateway.getVideo().getY4mFile() == null ? null
                        : gateway.getVideo().getY4mFile().toAbsolutePath().toString());
    }

    private static Endpoint endpoint(SourceType type, String format, AudioDestination destination, PublicUrls urls,
            String socketPath) {
        return switch (type) {
            case SOCKET -> new Endpoint("socket", format, destination, urls.ws(socketPath));
            case WEBRTC -> new Endpoint("webrtc", format, destination, urls.http(WEBRTC_OFFER_PATH));
            case STREAM, FILE -> null;
        };
    }

    private static Map<String, Map<String, Object>> stats(VirtualInputService.Session session) {
        Map<String, Map<String, Object>> stats = new LinkedHashMap<>();
        for (MediaKind kind : session.config().kinds()) {
            session.pipeline(kind).map((IngestPipeline p) -> p.stats(kind)).ifPresent(s -> stats.put(kind.id(), s));
        }
        return stats;
    }
}
