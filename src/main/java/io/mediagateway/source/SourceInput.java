package io.mediagateway.source;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What FFmpeg is given for a source URL (already checked by {@link io.mediagateway.virtualinput.SourceUrlPolicy}):
 * the input name, and options that bound the time any open or read may block and the protocols the input may reach.
 *
 * <ul>
 * <li>{@code rw_timeout} (every protocol) bounds each read; {@code timeout} bounds connect and socket I/O for http,
 * rtsp and srt. Not for rtmp: there {@code timeout} means "listen for a publisher".</li>
 * <li>{@code protocol_whitelist}: what the input may open in turn. An HLS playlist or a DASH manifest fetched over
 * http may name other URLs (file:, concat: ...); only the source's own family of protocols is allowed.</li>
 * <li>Probing stays short ({@code analyzeduration}) so a live source starts within a second of data.</li>
 * </ul>
 */
record SourceInput(String name, Map<String, String> options) {

    static SourceInput of(String url, Duration openTimeout) {
        String scheme = url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT);
        String micros = Long.toString(openTimeout.toNanos() / 1000);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("rw_timeout", micros);
        options.put("analyzeduration", "1000000");
        String name = url;
        switch (scheme) {
            case "file" -> {
                // FFmpeg's file protocol does not percent-decode: give it the path
                name = "file:" + Path.of(URI.create(url));
                options.put("protocol_whitelist", "file");
            }
            case "http", "https" -> {
                options.put("timeout", micros);
                options.put("user_agent", "media-gateway");
                options.put("protocol_whitelist", "http,https,tls,tcp,crypto");
            }
            case "rtmp", "rtmps" -> options.put("protocol_whitelist", "rtmp,rtmps,tls,tcp");
            case "rtsp" -> {
                options.put("timeout", micros);
                options.put("protocol_whitelist", "rtsp,rtsps,rtp,srtp,udp,tcp,tls");
            }
            case "srt" -> {
                options.put("timeout", micros);
                options.put("protocol_whitelist", "srt");
            }
            default -> options.put("protocol_whitelist", scheme + ",tcp,tls,udp");
        }
        return new SourceInput(name, options);
    }
}
