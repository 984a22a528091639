package io.mediagateway.audio;

import java.util.Optional;

import io.mediagateway.mediasocket.MediaSocketGate;

/**
 * Admits audio publishers only while audio is configured as {@code socket} (bean {@code audioSocketGate}, named in the
 * route's URI). Refusals become a JSON 409 before the upgrade.
 */
public class AudioSocketGate implements MediaSocketGate {

    private final AudioSocketIngest ingest;

    public AudioSocketGate(AudioSocketIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public Optional<String> refusal(String path) {
        return ingest.pipeline().isPresent() ? Optional.empty()
                : Optional.of("Audio is not configured as a socket input. POST /input/devices/virtual/configure with "
                        + "{\"audio\":{\"type\":\"socket\"}} first, then connect to " + path + ".");
    }
}
