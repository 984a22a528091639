package io.mediagateway.virtualinput;

/**
 * Effective video input settings (defaults filled); also its JSON form in the status. {@code loop} is set for
 * {@code file} sources only (null, and so absent from the JSON, otherwise).
 */
public record VideoInput(SourceType type, String format, String url, int width, int height, int frameRate,
        Boolean loop) {

    public VideoInput(SourceType type, String format, String url, int width, int height, int frameRate) {
        this(type, format, url, width, height, frameRate, null);
    }
}
