package io.mediagateway.livestream;

import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg's text for an AVERROR code. */
final class FfmpegErrors {

    private FfmpegErrors() {
    }

    static String describe(int error) {
        byte[] text = new byte[256];
        avutil.av_strerror(error, text, text.length);
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end) + " (" + error + ")";
    }
}
