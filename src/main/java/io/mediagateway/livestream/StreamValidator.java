package io.mediagateway.livestream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import io.mediagateway.http.ApiException;

/** SPEC's StartStreamRequest rules: every field checked before anything runs; each refusal says what to send. */
public class StreamValidator {

    public static final String DEFAULT_ID = "default";
    static final int DEFAULT_FRAMERATE = 20;
    private static final Pattern ID = Pattern.compile("^[a-zA-Z0-9-]{1,64}$");
    private static final int MAX_URL_LENGTH = 2048;

    public StreamSpec validate(StartStreamRequest request) {
        String id = id(request.id());
        StreamMode mode = request.mode() == null ? StreamMode.INTERNAL : StreamMode.parse(request.mode())
                .orElseThrow(() -> ApiException.badRequest("Field 'mode' must be one of " + StreamMode.allowed()
                        + "; got '" + request.mode() + "'."));
        int framerate = request.framerate() == null ? DEFAULT_FRAMERATE : request.framerate();
        if (framerate < 1 || framerate > 20) {
            throw ApiException.badRequest("Field 'framerate' must be between 1 and 20; got " + framerate + ".");
        }
        String target = null;
        if (mode == StreamMode.REMOTE) {
            if (request.targetUrl() == null) {
                throw ApiException.badRequest("Field 'target_url' is required for mode remote: the rtmp:// or rtmps:// "
                        + "URL to push to (e.g. rtmp://live.example.com/app/stream-key).");
            }
            target = targetUrl(request.targetUrl());
        } else if (request.targetUrl() != null) {
            throw ApiException.badRequest("Field 'target_url' is only for mode remote (mode is " + mode.wire() + ").");
        }
        SocketFormat format = null;
        if (mode == StreamMode.SOCKET) {
            format = request.format() == null ? SocketFormat.MPEGTS : format(request.format());
        } else if (request.format() != null) {
            throw ApiException.badRequest("Field 'format' is only for mode socket (mode is " + mode.wire() + ").");
        }
        return new StreamSpec(id, mode, target, framerate, format);
    }

    /** The id of a stop request (or any id from a client): default when absent, else SPEC's pattern. */
    public String id(String id) {
        if (id == null) {
            return DEFAULT_ID;
        }
        if (!ID.matcher(id).matches()) {
            throw ApiException.badRequest("Field 'id' must be 1 to 64 letters, digits or '-' (" + ID.pattern() + "); got '"
                    + printable(id) + "'.");
        }
        return id;
    }

    private static SocketFormat format(String format) {
        return switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "mpegts" -> SocketFormat.MPEGTS;
            case "mp3" -> SocketFormat.MP3;
            default -> throw ApiException.badRequest("Field 'format' must be mpegts (MPEG-1 video + MP2 audio, plays in "
                    + "JSMpeg) or mp3 (audio only); got '" + printable(format) + "'.");
        };
    }

    private static String targetUrl(String url) {
        if (url.isBlank()) {
            throw ApiException.badRequest("Field 'target_url' is empty; send the rtmp:// or rtmps:// URL to push to.");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw ApiException.badRequest("Field 'target_url' is longer than " + MAX_URL_LENGTH + " characters.");
        }
        if (!url.chars().allMatch(c -> c > 0x20 && c < 0x7f) || url.contains(")")) {
            throw ApiException.badRequest("Field 'target_url' must be a plain URL without spaces, control characters, "
                    + "')' or non-ASCII characters (percent-encode them).");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("Field 'target_url' is not a valid URL: " + e.getMessage() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("rtmp") && !scheme.equals("rtmps")) {
            throw ApiException.badRequest("Field 'target_url' must be an rtmp:// or rtmps:// URL; got scheme '"
                    + (scheme.isEmpty() ? "(none)" : scheme) + "'.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ApiException.badRequest("Field 'target_url' has no host; expected rtmp://host[:port]/app/stream-key.");
        }
        if (uri.getPath() == null || uri.getPath().replace("/", "").isEmpty()) {
            throw ApiException.badRequest("Field 'target_url' has no application path; expected "
                    + "rtmp://host[:port]/app/stream-key.");
        }
        return url;
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
