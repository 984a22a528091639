package io.mediagateway.webrtc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.ApiException;
import io.mediagateway.http.JsonBodyReader;
import org.apache.camel.Body;

/** What the WebRTC REST routes call: the offer body's checks, and the client configuration (ICE servers). */
public class WebRtcApi {

    /** The offer body: {@code {"sdp": "..."}}; {@code type} may be sent as a browser's RTCSessionDescription has it. */
    record OfferRequest(String sdp, String type) {
    }

    private final JsonBodyReader bodies;
    private final GatewayProperties.Webrtc settings;

    public WebRtcApi(JsonBodyReader bodies, GatewayProperties.Webrtc settings) {
        this.bodies = bodies;
        this.settings = settings;
    }

    /** The SDP of the offer; 400 for a body that is not {@code {"sdp": "<string>"}} (the SDP itself is checked later). */
    public String offer(@Body byte[] body) {
        OfferRequest request = bodies.read(body, OfferRequest.class);
        if (request.type() != null && !"offer".equalsIgnoreCase(request.type().trim())) {
            throw ApiException.badRequest("Field 'type' must be 'offer' (or left out); got '" + request.type() + "'.");
        }
        return request.sdp();
    }

    /** {@code {"ice_servers": [{"urls": [...], "username": ..., "credential": ...}]}} for RTCPeerConnection. */
    public Map<String, Object> config() {
        List<Map<String, Object>> servers = new ArrayList<>();
        for (GatewayProperties.Webrtc.IceServer s : settings.getIceServers()) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("urls", s.getUrls());
            if (s.getUsername() != null) {
                server.put("username", s.getUsername());
            }
            if (s.getCredential() != null) {
                server.put("credential", s.getCredential());
            }
            servers.add(server);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ice_servers", servers);
        return config;
    }
}
