package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.mediagateway.support.PulseRecorder;
import io.mediagateway.support.SharedPulseAudio;
import io.mediagateway.support.ToneAnalysis;
import org.junit.jupiter.api.Test;

/**
 * The PulseAudio writer asks PulseAudio for one request per block it writes (minreq = block), so libpulse's thread
 * and the playout thread wake once per block rather than every few milliseconds, with a buffer of more than two
 * blocks (at two, PulseAudio's null sink runs at sub-millisecond latency and burns CPU); and blocks written that way
 * play.
 */
class PulseAudioSinkIT {

    private static final Duration BLOCK = Duration.ofMillis(20);

    @Test
    void pulseAudioAsksForOneBlockAtATimeAndTheBlocksPlay() throws Exception {
        String server = SharedPulseAudio.server();
        short[] recorded;
        // asked for less than the writer needs: raised to two requests plus room for the sink, not granted as is
        try (PulseAudioSink sink = PulseAudioSink.open(server, "audio_input", Duration.ofMillis(30), BLOCK, "sink-it")) {
            assertThat(sink.request()).isEqualTo(BLOCK);
            assertThat(sink.buffer()).isGreaterThanOrEqualTo(Duration.ofMillis(50)).isLessThan(Duration.ofMillis(60));
            assertThat(sink.describe()).contains("audio_input").contains("request 20 ms");

            byte[] block = toneBlock(750);
            try (PulseRecorder mic = PulseRecorder.start(server, "virtual_mic")) {
                for (int i = 0; i < 75; i++) { // 1.5 s
                    sink.write(block, 0, block.length);
                }
                recorded = mic.stop();
            }
        }
        assertThat(ToneAnalysis.rms(recorded)).isGreaterThan(500);
        assertThat(ToneAnalysis.dominantFrequency(recorded, PulseRecorder.RATE)).isBetween(740, 760);
    }

    /** One block of a stereo sine at {@code frequency} (a whole number of periods, so blocks join without clicks). */
    private static byte[] toneBlock(int frequency) {
        int frames = Pcm.SAMPLE_RATE * (int) BLOCK.toMillis() / 1000;
        byte[] pcm = new byte[frames * Pcm.BYTES_PER_FRAME];
        for (int i = 0; i < frames; i++) {
            short s = (short) (12000 * Math.sin(2 * Math.PI * frequency * i / Pcm.SAMPLE_RATE));
            for (int c = 0; c < Pcm.CHANNELS; c++) {
                pcm[i * 4 + c * 2] = (byte) s;
                pcm[i * 4 + c * 2 + 1] = (byte) (s >> 8);
            }
        }
        return pcm;
    }
}
