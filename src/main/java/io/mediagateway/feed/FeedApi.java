package io.mediagateway.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.ApiException;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.http.PublicUrls;
import io.mediagateway.virtualinput.VirtualInputService;
import org.apache.camel.Header;
import org.apache.camel.Headers;

/** What the feed routes call: the player page, the JSMpeg script (from the jar), and the socket info. */
public class FeedApi {

    private static final Set<String> FITS = Set.of("cover", "contain", "fill");
    private static final String JSMPEG = "static/vendor/jsmpeg/package/dist/jsmpeg-player.umd.min.js";

    private final VirtualInputService virtualInputs;
    private final GatewayProperties gateway;
    private final GatewayHttpServer http;
    private final String page;
    private final byte[] jsmpeg;

    public FeedApi(VirtualInputService virtualInputs, GatewayProperties gateway, GatewayHttpServer http) {
        this.virtualInputs = virtualInputs;
        this.gateway = gateway;
        this.http = http;
        this.page = new String(resource("static/feed/feed.html"), StandardCharsets.UTF_8);
        this.jsmpeg = resource(JSMPEG);
    }

    /** The player page; {@code fit} (cover, contain, fill; default contain) is how the picture fills the window. */
    public String page(@Header("fit") String fit) {
        String mode = fit == null || fit.isBlank() ? "contain" : fit.trim().toLowerCase(Locale.ROOT);
        if (!FITS.contains(mode)) {
            throw ApiException.badRequest("Query parameter 'fit' must be cover, contain or fill; got '" + fit + "'.");
        }
        return page.replace("__FIT__", mode);
    }

    public byte[] jsmpeg() {
        return jsmpeg;
    }

    /** {@code {"url": "<ws url>", "format": "mpegts"}}; 409 when no video is configured. */
    public Map<String, Object> info(@Headers Map<String, Object> headers) {
        if (virtualInputs.current().config() == null || virtualInputs.current().config().video() == null) {
            throw ApiException.conflict("No video is configured, so there is no feed. POST /input/devices/virtual/configure "
                    + "with a video input first.");
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("url", PublicUrls.of(gateway, http.port(), headers).ws(FeedBroadcaster.SOCKET_PATH));
        info.put("format", "mpegts");
        return info;
    }

    private static byte[] resource(String path) {
        try (InputStream in = FeedApi.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + path + " (the build downloads JSMpeg)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
