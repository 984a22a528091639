package io.mediagateway.support;

/** Loudness and pitch of recorded mono 16-bit samples: RMS, and the Goertzel power at chosen frequencies. */
public final class ToneAnalysis {

    private ToneAnalysis() {
    }

    public static double rms(short[] samples, int from, int to) {
        if (to <= from) {
            return 0;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    public static double rms(short[] samples) {
        return rms(samples, 0, samples.length);
    }

    /** Goertzel: the power of one frequency in the samples (relative units). */
    public static double power(short[] samples, int from, int to, double frequency, int sampleRate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = samples[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }

    /** The strongest frequency between 50 Hz and 4 kHz, in 10 Hz steps. */
    public static int dominantFrequency(short[] samples, int sampleRate) {
        int best = 0;
        double bestPower = -1;
        for (int f = 50; f <= 4000; f += 10) {
            double p = power(samples, 0, samples.length, f, sampleRate);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        return best;
    }

    /** Fraction of 10 ms windows whose RMS is above {@code threshold}. */
    public static double loudFraction(short[] samples, int sampleRate, double threshold) {
        int window = sampleRate / 100;
        int windows = 0;
        int loud = 0;
        for (int i = 0; i + window <= samples.length; i += window) {
            windows++;
            if (rms(samples, i, i + window) > threshold) {
                loud++;
            }
        }
        return windows == 0 ? 0 : (double) loud / windows;
    }
}
