package io.mediagateway.virtualinput;

/** Effective audio input settings (defaults filled); also its JSON form in the status. */
public record AudioInput(SourceType type, String format, String url, AudioDestination destination) {
}
