package io.mediagateway.livestream;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SPEC's StreamInfo: {@code id, mode, ingest_url, is_streaming, started_at} always; {@code playback_url} (internal,
 * remote), {@code websocket_url} (socket), {@code webrtc_offer_url} (webrtc) when they apply; {@code viewers} where
 * the gateway can count them (socket, webrtc); {@code last_error} while an output is failing. Absent fields are
 * omitted.
 */
public record StreamInfo(String id, String mode, String ingestUrl, @JsonProperty("is_streaming") boolean isStreaming, Instant startedAt,
        String playbackUrl, String websocketUrl, String webrtcOfferUrl, String format, Integer framerate,
        Integer viewers, String lastError) {
}
