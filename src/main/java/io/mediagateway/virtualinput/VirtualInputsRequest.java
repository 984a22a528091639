package io.mediagateway.virtualinput;

/**
 * The body of POST /input/devices/virtual/configure as sent. Everything is optional and loosely typed here (strings
 * for enums, boxed numbers) so that {@link VirtualInputValidator} can tell the client exactly what is wrong.
 */
public record VirtualInputsRequest(Video video, Audio audio, Boolean startPaused) {

    public record Video(String type, String format, String url, Integer width, Integer height, Integer frameRate,
            Boolean loop) {
    }

    public record Audio(String type, String format, String url, String destination, Boolean loop, String pacing) {
    }
}
