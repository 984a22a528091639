package io.mediagateway.virtualinput;

import java.util.Locale;
import java.util.Set;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.ApiException;

/** SPEC's configure table: every rule and default, each failure a 400 that names the field and the fix. */
public class VirtualInputValidator {

    static final int MIN_SIZE = 16;
    static final int MAX_WIDTH = 3840;
    static final int MAX_HEIGHT = 2160;
    static final int MIN_FPS = 1;
    static final int MAX_FPS = 60;

    private final GatewayProperties.Video videoDefaults;
    private final SourceUrlPolicy urls;

    public VirtualInputValidator(GatewayProperties.Video videoDefaults, SourceUrlPolicy urls) {
        this.videoDefaults = videoDefaults;
        this.urls = urls;
    }

    public VirtualInputConfig validate(VirtualInputsRequest request) {
        if (request.video() == null && request.audio() == null) {
            throw ApiException.badRequest("Configure at least one of 'video' or 'audio', e.g. "
                    + "{\"video\": {\"type\": \"socket\"}}.");
        }
        VideoInput video = request.video() == null ? null : video(request.video());
        AudioInput audio = request.audio() == null ? null : audio(request.audio());
        return new VirtualInputConfig(video, audio, Boolean.TRUE.equals(request.startPaused()));
    }

    private VideoInput video(VirtualInputsRequest.Video v) {
        SourceType type = type("video.type", v.type());
        String format = format("video.format", type, v.format(), "mpegts", Set.of("mpegts"), "ivf", Set.of("ivf"));
        String url = url("video.url", type, v.url());
        int width = dimension("video.width", v.width(), videoDefaults.getDefaultWidth(), MAX_WIDTH);
        int height = dimension("video.height", v.height(), videoDefaults.getDefaultHeight(), MAX_HEIGHT);
        int fps = v.frameRate() == null ? videoDefaults.getDefaultFrameRate() : v.frameRate();
        if (fps < MIN_FPS || fps > MAX_FPS) {
            throw ApiException.badRequest("Field 'video.frame_rate' must be an integer between " + MIN_FPS + " and "
                    + MAX_FPS + "; got " + fps + ".");
        }
        return new VideoInput(type, format, url, width, height, fps, loop("video.loop", type, v.loop()));
    }

    private AudioInput audio(VirtualInputsRequest.Audio a) {
        SourceType type = type("audio.type", a.type());
        String format = format("audio.format", type, a.format(), "mp3", Set.of("mp3"), "opus", Set.of("opus", "ogg"));
        String url = url("audio.url", type, a.url());
        AudioDestination destination = AudioDestination.MICROPHONE;
        if (a.destination() != null) {
            try {
                destination = AudioDestination.valueOf(a.destination().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Field 'audio.destination' must be 'microphone' (sink audio_input, heard"
                        + " on virtual_mic) or 'speaker' (sink audio_output); got '" + a.destination() + "'.");
            }
        }
        return new AudioInput(type, format, url, destination, loop("audio.loop", type, a.loop()),
                pacing("audio.pacing", type, a.pacing()));
    }

    /**
     * Pushed socket media plays at its own clock unless told {@code latest}. Stream and file sources are read at
     * their own pace already, and WebRTC has its jitter buffer: the field means nothing there, so it is refused.
     */
    private static Pacing pacing(String field, SourceType type, String value) {
        if (type != SourceType.SOCKET) {
            if (value != null) {
                throw ApiException.badRequest("Field '" + field + "' applies to socket input only (" + (type.isPushed()
                        ? "WebRTC media is paced by its own jitter buffer" : "a " + type.id()
                        + " source is read at its own real-time pace") + "). Remove it.");
            }
            return null;
        }
        if (value == null) {
            return Pacing.TIMESTAMPS;
        }
        try {
            return Pacing.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Field '" + field + "' must be 'timestamps' (play everything at its own clock)"
                    + " or 'latest' (newest wins, the oldest is dropped); got '" + value + "'.");
        }
    }

    private static SourceType type(String field, String value) {
        if (value == null) {
            throw ApiException.badRequest("Field '" + field + "' is required: one of " + SourceType.choices() + ".");
        }
        try {
            return SourceType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Field '" + field + "' must be one of " + SourceType.choices() + "; got '"
                    + value + "'.");
        }
    }

    private static String format(String field, SourceType type, String value, String socketDefault,
            Set<String> socketFormats, String webrtcDefault, Set<String> webrtcFormats) {
        if (!type.isPushed()) {
            if (value != null) {
                throw ApiException.badRequest("Field '" + field + "' applies to socket and webrtc inputs only; a "
                        + type.id() + " source's format is detected from the URL. Remove it.");
            }
            return null;
        }
        Set<String> accepted = type == SourceType.SOCKET ? socketFormats : webrtcFormats;
        if (value == null) {
            return type == SourceType.SOCKET ? socketDefault : webrtcDefault;
        }
        String format = value.trim().toLowerCase(Locale.ROOT);
        if (!accepted.contains(format)) {
            throw ApiException.badRequest("Field '" + field + "' must be " + String.join(" or ", accepted.stream()
                    .sorted().map(f -> "'" + f + "'").toList()) + " for " + type.id() + " input; got '" + value + "'.");
        }
        return format;
    }

    private String url(String field, SourceType type, String value) {
        if (type.isPushed()) {
            if (value != null) {
                throw ApiException.badRequest("Field '" + field + "' is not allowed for " + type.id() + " input: clients"
                        + " push media to the URL given in the response's 'ingest'. Remove it, or use type stream/file.");
            }
            return null;
        }
        if (value == null) {
            throw ApiException.badRequest("Field '" + field + "' is required for " + type.id() + " input.");
        }
        return urls.check(field, value);
    }

    /** {@code file} sources loop unless told otherwise; the flag means nothing for the other types, so it is refused. */
    private static Boolean loop(String field, SourceType type, Boolean value) {
        if (type != SourceType.FILE) {
            if (value != null) {
                throw ApiException.badRequest("Field '" + field + "' applies to file sources only (a " + type.id()
                        + " input plays what arrives). Remove it.");
            }
            return null;
        }
        return value == null || value;
    }

    private static int dimension(String field, Integer value, int fallback, int max) {
        int v = value == null ? fallback : value;
        if (v < MIN_SIZE || v > max || v % 2 != 0) {
            throw ApiException.badRequest("Field '" + field + "' must be an even integer between " + MIN_SIZE + " and "
                    + max + "; got " + v + ".");
        }
        return v;
    }
}
