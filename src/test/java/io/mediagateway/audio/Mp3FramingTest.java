package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.mediagateway.support.TestAudio;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MP3 is cut into the same whole frames whatever the chunk sizes, with no frame held back once it is complete. */
class Mp3FramingTest {

    private static final byte[] MP3 = TestAudio.mp3Tone440(Duration.ofSeconds(2));

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 7, 417, 1000, 16_384, Integer.MAX_VALUE})
    void chunkSizeDoesNotChangeTheFrames(int chunkSize) {
        Mp3FrameScanner scanner = new Mp3FrameScanner();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < MP3.length; i += Math.min(chunkSize, MP3.length)) {
            byte[] chunk = Arrays.copyOfRange(MP3, i, (int) Math.min(MP3.length, (long) i + chunkSize));
            scanner.feed(chunk).forEach(f -> frames.add(f.data()));
        }
        scanner.finish().forEach(f -> frames.add(f.data()));

        Mp3FrameScanner whole = new Mp3FrameScanner();
        List<byte[]> reference = new ArrayList<>();
        whole.feed(MP3).forEach(f -> reference.add(f.data()));
        whole.finish().forEach(f -> reference.add(f.data()));

        // 2 s at 48 kHz is 83.3 frames of 1,152 samples (plus the encoder's padding); the Info frame is not audio
        assertThat(frames).hasSizeBetween(83, 90);
        assertThat(frames).hasSameSizeAs(reference);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i)).as("frame %d", i).isEqualTo(reference.get(i));
        }
        assertThat(scanner.garbageBytes()).isZero();
        assertThat(scanner.metadataBytes()).as("the Xing/Info frame").isPositive();
        assertThat(concat(frames).length + scanner.metadataBytes()).isEqualTo(MP3.length);
    }

    @ParameterizedTest(name = "{0} bytes per chunk")
    @ValueSource(ints = {2, 100, 5000})
    void aFrameIsReleasedAsSoonAsItIsCompleteWhileInSync(int chunkSize) {
        Mp3FrameScanner scanner = new Mp3FrameScanner();
        int released = 0;
        int fed = 0;
        for (int i = 0; i < MP3.length; i += chunkSize) {
            byte[] chunk = Arrays.copyOfRange(MP3, i, Math.min(MP3.length, i + chunkSize));
            fed += chunk.length;
            released += scanner.feed(chunk).stream().mapToInt(f -> f.data().length).sum();
            // in sync, what is held back is at most the one frame still arriving
            assertThat(fed - released - scanner.metadataBytes()).isLessThan(418 + 4).isEqualTo(scanner.pendingBytes());
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
