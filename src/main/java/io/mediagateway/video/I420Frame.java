package io.mediagateway.video;

import java.util.Arrays;

/**
 * One picture in I420 (planar YUV 4:2:0, BT.601 limited range): width×height luma bytes, then the Cb and Cr planes
 * at half resolution, tightly packed. Immutable by convention: producers never touch {@code data} once handed over.
 */
public record I420Frame(int width, int height, byte[] data) {

    public static final int BLACK_Y = 16;
    public static final int NEUTRAL_CHROMA = 128;

    public static int size(int width, int height) {
        return width * height * 3 / 2;
    }

    public static I420Frame black(int width, int height) {
        byte[] data = new byte[size(width, height)];
        Arrays.fill(data, 0, width * height, (byte) BLACK_Y);
        Arrays.fill(data, width * height, data.length, (byte) NEUTRAL_CHROMA);
        return new I420Frame(width, height, data);
    }

    public int y(int x, int yPos) {
        return data[yPos * width + x] & 0xff;
    }

    public int u(int x, int yPos) {
        return data[width * height + (yPos / 2) * (width / 2) + x / 2] & 0xff;
    }

    public int v(int x, int yPos) {
        return data[width * height * 5 / 4 + (yPos / 2) * (width / 2) + x / 2] & 0xff;
    }
}
