package io.mediagateway.virtualinput;

/**
 * Effective audio input settings (defaults filled); also its JSON form in the status. {@code loop} is set for
 * {@code file} sources only, {@code pacing} for {@code socket} input only (null, and so absent from the JSON,
 * otherwise).
 */
public record AudioInput(SourceType type, String format, String url, AudioDestination destination, Boolean loop,
        Pacing pacing) {

    public AudioInput(SourceType type, String format, String url, AudioDestination destination) {
        this(type, format, url, destination, null, type == SourceType.SOCKET ? Pacing.TIMESTAMPS : null);
    }
}
