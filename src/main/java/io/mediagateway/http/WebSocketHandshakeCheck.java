package io.mediagateway.http;

import java.util.Base64;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * What Vert.x's WebSocket handshake would refuse with an empty body, checked first so the refusal is the API's JSON.
 * Every WebSocket endpoint goes through {@link GatewayHttpServer#refuseUpgrade}.
 */
final class WebSocketHandshakeCheck {

    private WebSocketHandshakeCheck() {
    }

    /** Why this request cannot become a WebSocket, or null when the handshake can go ahead. */
    static RequestHeadCheck.Refusal refusal(HttpServerRequest request, String notWebSocketMessage) {
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            return new RequestHeadCheck.Refusal(426, notWebSocketMessage);
        }
        if (request.method() != HttpMethod.GET) {
            return new RequestHeadCheck.Refusal(405, "A WebSocket is opened with GET, not " + request.method() + ".");
        }
        String connection = request.getHeader(HttpHeaders.CONNECTION);
        if (connection == null || !connection.toLowerCase().contains("upgrade")) {
            return new RequestHeadCheck.Refusal(400, "A WebSocket upgrade needs the header Connection: Upgrade.");
        }
        if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
            return new RequestHeadCheck.Refusal(426, "Only WebSocket version 13 is supported (Sec-WebSocket-Version: 13).");
        }
        if (!isNonce(request.getHeader("Sec-WebSocket-Key"))) {
            return new RequestHeadCheck.Refusal(400, "Sec-WebSocket-Key must be 16 random bytes in base64.");
        }
        return null;
    }

    private static boolean isNonce(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
