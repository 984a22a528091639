package io.mediagateway.virtualinput;

/** Effective video input settings (defaults filled); also its JSON form in the status. */
public record VideoInput(SourceType type, String format, String url, int width, int height, int frameRate) {
}
