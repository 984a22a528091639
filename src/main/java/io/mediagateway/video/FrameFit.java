package io.mediagateway.video;

import java.nio.ByteBuffer;

/**
 * Scale-and-pad geometry: a source picture fits inside the camera size keeping its aspect ratio (even dimensions,
 * so chroma planes stay aligned), centred on black.
 */
public final class FrameFit {

    private FrameFit() {
    }

    /** The largest even size with the source's aspect ratio that fits in {@code boxW×boxH}. */
    public static int[] inside(int srcW, int srcH, int boxW, int boxH) {
        if (srcW <= 0 || srcH <= 0) {
            return new int[] {boxW, boxH};
        }
        double scale = Math.min((double) boxW / srcW, (double) boxH / srcH);
        int w = Math.max(2, (int) Math.round(srcW * scale) & ~1);
        int h = Math.max(2, (int) Math.round(srcH * scale) & ~1);
        return new int[] {Math.min(w, boxW), Math.min(h, boxH)};
    }

    /**
     * Copies a strided I420 picture (as swscale leaves it: planes back to back, luma stride {@code stride}, chroma
     * stride {@code stride/2}) into the centre of a black {@code boxW×boxH} frame.
     */
    public static I420Frame pad(ByteBuffer src, int w, int h, int stride, int boxW, int boxH) {
        // a picture that fills the box overwrites every byte: no need to paint it black first
        I420Frame out = w == boxW && h == boxH ? new I420Frame(boxW, boxH, new byte[I420Frame.size(boxW, boxH)])
                : I420Frame.black(boxW, boxH);
        byte[] dst = out.data();
        int x0 = ((boxW - w) / 2) & ~1;
        int y0 = ((boxH - h) / 2) & ~1;
        ByteBuffer in = src.duplicate();
        in.limit(in.capacity());
        for (int row = 0; row < h; row++) {
            in.position(row * stride);
            in.get(dst, (y0 + row) * boxW + x0, w);
        }
        int chromaStride = stride / 2;
        int srcU = stride * h;
        int srcV = srcU + chromaStride * (h / 2);
        int dstU = boxW * boxH;
        int dstV = dstU + (boxW / 2) * (boxH / 2);
        for (int row = 0; row < h / 2; row++) {
            int dstRow = (y0 / 2 + row) * (boxW / 2) + x0 / 2;
            in.position(srcU + row * chromaStride);
            in.get(dst, dstU + dstRow, w / 2);
            in.position(srcV + row * chromaStride);
            in.get(dst, dstV + dstRow, w / 2);
        }
        return out;
    }
}
