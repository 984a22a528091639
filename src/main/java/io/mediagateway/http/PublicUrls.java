package io.mediagateway.http;

import java.net.URI;
import java.util.Map;

import io.mediagateway.config.GatewayProperties;

/**
 * Absolute URLs as the client sees the gateway: from {@code gateway.public-url} when set, otherwise from the
 * request's X-Forwarded-Proto / X-Forwarded-Host / Host headers. A client that called http://localhost:444 gets
 * ws://localhost:444/... and rtmp://localhost:1935/... back.
 */
public class PublicUrls {

    private final String scheme;
    private final String authority;
    private final int rtmpPort;

    private PublicUrls(String scheme, String authority, int rtmpPort) {
        this.scheme = scheme;
        this.authority = authority;
        this.rtmpPort = rtmpPort;
    }

    /** @param headers request headers, looked up case-insensitively (Camel's header map is). */
    public static PublicUrls of(GatewayProperties gateway, int httpPort, Map<String, Object> headers) {
        int rtmpPort = gateway.getRtmp().getPort();
        if (!gateway.getPublicUrl().isEmpty()) {
            URI base = URI.create(gateway.getPublicUrl());
            return new PublicUrls(base.getScheme() == null ? "http" : base.getScheme().toLowerCase(),
                    base.getRawAuthority(), rtmpPort);
        }
        String proto = first(headers.get("X-Forwarded-Proto"));
        String host = first(headers.get("X-Forwarded-Host"));
        if (host == null) {
            host = first(headers.get("Host"));
        }
        if (host == null) {
            host = "localhost:" + httpPort;
        }
        String scheme = "https".equalsIgnoreCase(proto) || "wss".equalsIgnoreCase(proto) ? "https" : "http";
        return new PublicUrls(scheme, host, rtmpPort);
    }

    public String http(String path) {
        return scheme + "://" + authority + path;
    }

    public String ws(String path) {
        return ("https".equals(scheme) ? "wss" : "ws") + "://" + authority + path;
    }

    public String rtmp(String path) {
        return "rtmp://" + hostName() + ":" + rtmpPort + path;
    }

    /** The authority without its port; keeps IPv6 brackets. */
    private String hostName() {
        if (authority.startsWith("[")) {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /** First value of a possibly repeated, possibly comma-separated header; null when absent or blank. */
    private static String first(Object header) {
        if (header instanceof Iterable<?> values) {
            var it = values.iterator();
            header = it.hasNext() ? it.next() : null;
        }
        if (header == null) {
            return null;
        }
        String value = header.toString().split(",")[0].trim();
        return value.isEmpty() || !value.matches("[A-Za-z0-9.\\-:\\[\\]_]+") ? null : value;
    }
}
