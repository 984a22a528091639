package io.mediagateway.webrtc;

import io.mediagateway.audio.Pcm;

/**
 * Decoded WebRTC audio (16-bit, whatever rate and channel count libwebrtc hands the track sink, usually 48 kHz) into
 * the pipeline's one PCM format ({@link Pcm}: 48 kHz stereo s16le). Called on libwebrtc's audio thread.
 */
final class WebRtcPcm {

    private WebRtcPcm() {
    }

    /** {@code frames} sample frames of {@code channels} interleaved 16-bit little-endian samples at {@code rate}. */
    static byte[] toPcm(byte[] data, int bitsPerSample, int rate, int channels, int frames) {
        if (bitsPerSample != 16 || channels < 1 || rate <= 0 || frames <= 0 || data.length < frames * channels * 2) {
            return new byte[0];
        }
        if (rate == Pcm.SAMPLE_RATE && channels == Pcm.CHANNELS) {
            return java.util.Arrays.copyOf(data, frames * Pcm.BYTES_PER_FRAME);
        }
        int outFrames = (int) ((long) frames * Pcm.SAMPLE_RATE / rate);
        byte[] out = new byte[outFrames * Pcm.BYTES_PER_FRAME];
        for (int i = 0; i < outFrames; i++) {
            // nearest earlier input frame: 10 ms blocks at 8-48 kHz, a speech-grade conversion is enough here
            int src = (int) ((long) i * rate / Pcm.SAMPLE_RATE);
            int left = src * channels * 2;
            int right = channels > 1 ? left + 2 : left;
            out[i * 4] = data[left];
            out[i * 4 + 1] = data[left + 1];
            out[i * 4 + 2] = data[right];
            out[i * 4 + 3] = data[right + 1];
        }
        return out;
    }
}
