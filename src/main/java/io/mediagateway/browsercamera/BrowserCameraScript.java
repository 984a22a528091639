package io.mediagateway.browsercamera;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.http.PublicUrls;
import org.apache.camel.Headers;

/**
 * The browser camera as an injectable script: the extension's content script ({@value #SCRIPT}), with its one
 * gateway-origin line replaced so that the copy uses the origin it was loaded from ({@code document.currentScript}),
 * falling back to the gateway's public URL as this request sees it.
 */
public class BrowserCameraScript {

    public static final String PATH = "/input/devices/virtual/camera.js";
    static final String SCRIPT = "static/browser-camera/extension/camera.js";
    static final String MARKER = "// @gateway-origin";

    private final GatewayProperties gateway;
    private final GatewayHttpServer http;
    private final String before;
    private final String after;

    public BrowserCameraScript(GatewayProperties gateway, GatewayHttpServer http) {
        this.gateway = gateway;
        this.http = http;
        String source = new String(resource(SCRIPT), StandardCharsets.UTF_8);
        int marker = source.indexOf(MARKER);
        if (marker < 0 || source.indexOf(MARKER, marker + 1) >= 0) {
            throw new IllegalStateException(SCRIPT + " must have exactly one line marked '" + MARKER + "'");
        }
        int lineStart = source.lastIndexOf('\n', marker) + 1;
        int lineEnd = source.indexOf('\n', marker);
        this.before = source.substring(0, lineStart);
        this.after = lineEnd < 0 ? "\n" : source.substring(lineEnd);
    }

    /** The script, its gateway origin set for this request. */
    public String script(@Headers Map<String, Object> headers) {
        String fallback = PublicUrls.of(gateway, http.port(), headers).http("");
        return before + originLine(fallback) + after;
    }

    static String originLine(String fallbackOrigin) {
        String quoted = "'" + new String(JsonStringEncoder.getInstance().quoteAsString(fallbackOrigin)).replace("'", "\\'") + "'";
        return "  const GATEWAY_ORIGIN = document.currentScript && document.currentScript.src"
                + " ? new URL(document.currentScript.src).origin : " + quoted + "; " + MARKER
                + " (served by the gateway: the origin this copy was loaded from)";
    }

    private static byte[] resource(String path) {
        try (InputStream in = BrowserCameraScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
