package io.mediagateway.chromium;

import com.fasterxml.jackson.databind.JsonNode;

/** RGB colours the Chromium tests push and look for, compared as the scenarios do (each channel within 60). */
final class Colours {

    static final int[] RED = {255, 0, 0};
    static final int[] BLUE = {0, 0, 255};
    static final int[] GREEN = {0, 255, 0};
    static final int[] BLACK = {0, 0, 0};
    private static final int TOLERANCE = 60;

    private Colours() {
    }

    static boolean near(JsonNode rgb, int[] expected) {
        if (rgb == null || !rgb.isArray() || rgb.size() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (Math.abs(rgb.get(i).asInt() - expected[i]) > TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** #rrggbb, for the scenarios' --expect. */
    static String hex(int[] rgb) {
        return String.format("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }

    /** 0xRRGGBB, for FFmpeg's color source. */
    static String ffmpeg(int[] rgb) {
        return String.format("0x%02X%02X%02X", rgb[0], rgb[1], rgb[2]);
    }
}
