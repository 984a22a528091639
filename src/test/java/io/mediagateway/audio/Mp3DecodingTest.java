package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Random;

import io.mediagateway.support.TestAudio;
import io.mediagateway.support.ToneAnalysis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Any Layer III stream decodes to 48 kHz stereo PCM of the right length and pitch; bad frames are skipped. */
class Mp3DecodingTest {

    @ParameterizedTest(name = "{1} Hz, {2} ch, {3} kbps")
    @CsvSource({"440, 48000, 2, 128", "440, 44100, 2, 192", "1000, 24000, 1, 32", "300, 16000, 1, 24", "440, 8000, 1, 8"})
    void decodesToTheSamePitchAndLengthAt48kStereo(int frequency, int sampleRate, int channels, int kbps) {
        byte[] mp3 = TestAudio.mp3Tone(frequency, sampleRate, channels, kbps, Duration.ofSeconds(2));

        byte[] pcm;
        try (PublisherDecoder decoder = new PublisherDecoder()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < mp3.length; i += 1000) {
                out.writeBytes(decoder.decode(java.util.Arrays.copyOfRange(mp3, i, Math.min(mp3.length, i + 1000))));
            }
            out.writeBytes(decoder.finish());
            pcm = out.toByteArray();
            assertThat(decoder.decodeErrors()).isZero();
        }

        // plus the encoder's priming and padding: up to three frames (216 ms at 8 kHz)
        assertThat(Pcm.millis(pcm.length)).as("decoded length").isBetween(1950L, 2250L);
        short[] left = channel(pcm, 0);
        short[] right = channel(pcm, 1);
        assertThat(ToneAnalysis.dominantFrequency(left, Pcm.SAMPLE_RATE)).isBetween(frequency - 10, frequency + 10);
        assertThat(ToneAnalysis.rms(left)).isGreaterThan(1000);
        if (channels == 1) {
            assertThat(right).as("mono is played on both channels").isEqualTo(left);
        } else {
            assertThat(ToneAnalysis.dominantFrequency(right, Pcm.SAMPLE_RATE)).isBetween(frequency - 10, frequency + 10);
        }
    }

    @Test
    void corruptFramesAreCountedAndTheDecoderCarriesOn() {
        byte[] mp3 = TestAudio.mp3Tone440(Duration.ofSeconds(1));
        Mp3FrameScanner scanner = new Mp3FrameScanner();
        Random random = new Random(3);
        try (Mp3Decoder decoder = new Mp3Decoder()) {
            long good = 0;
            int frame = 0;
            for (Mp3FrameScanner.Frame f : scanner.feed(mp3)) {
                byte[] data = f.data().clone();
                if (frame++ % 5 == 2) {
                    // keep the header, scramble the side info and main data: the frame is framed but cannot decode
                    for (int i = 4; i < data.length; i++) {
                        data[i] = (byte) random.nextInt();
                    }
                }
                good += decoder.decode(data).length;
            }
            assertThat(Pcm.millis(good)).as("the good frames still decode").isGreaterThan(600);
            assertThat(decoder.decode(new byte[5000]).length).as("oversized input").isZero();
            assertThat(decoder.errors()).isPositive();
            assertThat(decoder.lastError()).isNotBlank();
        }
    }

    @Test
    void closeIsIdempotentAndDecodeAfterCloseIsRefused() {
        Mp3Decoder decoder = new Mp3Decoder();
        decoder.close();
        decoder.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(new byte[10]))
                .isInstanceOf(IllegalStateException.class);
    }

    static short[] channel(byte[] pcm, int channel) {
        short[] samples = new short[pcm.length / Pcm.BYTES_PER_FRAME];
        for (int i = 0; i < samples.length; i++) {
            int at = i * Pcm.BYTES_PER_FRAME + channel * 2;
            samples[i] = (short) ((pcm[at] & 0xFF) | (pcm[at + 1] << 8));
        }
        return samples;
    }
}
