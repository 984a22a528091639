package io.mediagateway.mediasocket;

import java.util.Optional;

/** Decides, before the WebSocket upgrade, whether a publisher may connect. A refusal is answered as JSON 409. */
@FunctionalInterface
public interface MediaSocketGate {

    /** Empty to admit; otherwise the message of the 409 (say what to configure). */
    Optional<String> refusal(String path);

    MediaSocketGate OPEN = path -> Optional.empty();
}
