package io.mediagateway.webrtc;

import java.nio.ByteBuffer;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import io.mediagateway.video.FrameFit;
import io.mediagateway.video.I420Frame;

/**
 * Decoded WebRTC pictures into camera frames: scaled by libwebrtc (libyuv) to fit the camera size keeping the aspect
 * ratio ({@link FrameFit#inside}), centred on black. Called on libwebrtc's decoder thread while the frame is valid.
 */
final class WebRtcFrames {

    private WebRtcFrames() {
    }

    static I420Frame toCamera(VideoFrame frame, int boxW, int boxH) {
        VideoFrameBuffer buffer = frame.buffer;
        int srcW = buffer.getWidth();
        int srcH = buffer.getHeight();
        int[] fit = FrameFit.inside(srcW, srcH, boxW, boxH);
        if (fit[0] == srcW && fit[1] == srcH) {
            return place(buffer.toI420(), boxW, boxH); // toI420 of a decoded I420 buffer is the buffer itself
        }
        VideoFrameBuffer scaled = buffer.cropAndScale(0, 0, srcW, srcH, fit[0], fit[1]);
        try {
            return place(scaled.toI420(), boxW, boxH);
        } finally {
            scaled.release();
        }
    }

    /** Copies a strided I420 buffer into the centre of a black {@code boxW×boxH} frame. */
    private static I420Frame place(I420Buffer src, int boxW, int boxH) {
        int w = src.getWidth();
        int h = src.getHeight();
        I420Frame out = w == boxW && h == boxH ? new I420Frame(boxW, boxH, new byte[I420Frame.size(boxW, boxH)])
                : I420Frame.black(boxW, boxH);
        byte[] dst = out.data();
        int x0 = ((boxW - w) / 2) & ~1;
        int y0 = ((boxH - h) / 2) & ~1;
        copyPlane(src.getDataY(), src.getStrideY(), w, h, dst, y0 * boxW + x0, boxW);
        int chromaOrigin = (y0 / 2) * (boxW / 2) + x0 / 2;
        int uStart = boxW * boxH;
        int vStart = uStart + (boxW / 2) * (boxH / 2);
        copyPlane(src.getDataU(), src.getStrideU(), w / 2, h / 2, dst, uStart + chromaOrigin, boxW / 2);
        copyPlane(src.getDataV(), src.getStrideV(), w / 2, h / 2, dst, vStart + chromaOrigin, boxW / 2);
        return out;
    }

    private static void copyPlane(ByteBuffer plane, int stride, int w, int h, byte[] dst, int offset, int dstStride) {
        ByteBuffer in = plane.duplicate();
        for (int row = 0; row < h; row++) {
            in.position(row * stride);
            in.get(dst, offset + row * dstStride, w);
        }
    }
}
