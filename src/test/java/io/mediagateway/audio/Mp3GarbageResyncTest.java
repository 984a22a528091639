package io.mediagateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import io.mediagateway.support.TestAudio;
import org.junit.jupiter.api.Test;

/** Whatever is not an MP3 frame is skipped and counted exactly, and framing re-syncs on the next valid frames. */
class Mp3GarbageResyncTest {

    private static final byte[] MP3 = TestAudio.mp3Tone440(Duration.ofSeconds(1));

    @Test
    void randomBytesBetweenStreamsAreCountedAndTheStreamAfterThemIsFramedWhole() {
        byte[] garbage = new byte[50_000];
        new Random(7).nextBytes(garbage);
        Mp3FrameScanner reference = new Mp3FrameScanner();
        int framesAlone = reference.feed(MP3).size() + reference.finish().size();

        Mp3FrameScanner scanner = new Mp3FrameScanner();
        int frames = 0;
        for (byte[] part : new byte[][] {MP3, garbage, MP3}) {
            for (int i = 0; i < part.length; i += 4096) {
                frames += scanner.feed(Arrays.copyOfRange(part, i, Math.min(part.length, i + 4096))).size();
            }
        }
        frames += scanner.finish().size();

        assertThat(frames).isEqualTo(2 * framesAlone);
        assertThat(scanner.garbageBytes()).isEqualTo(garbage.length);
    }

    @Test
    void aTruncatedFrameCostsThatFrameAndTheNextStreamStillPlays() {
        byte[] truncated = Arrays.copyOf(MP3, MP3.length - 200); // the last frame loses its end
        Mp3FrameScanner scanner = new Mp3FrameScanner();
        int first = scanner.feed(truncated).size();
        int second = scanner.feed(MP3).size() + scanner.finish().size();

        Mp3FrameScanner reference = new Mp3FrameScanner();
        int whole = reference.feed(MP3).size() + reference.finish().size();
        // the cut frame swallows the start of the next stream (its Info frame, or its first audio frame); framing
        // re-syncs on the frame after that
        assertThat(first + second).isBetween(2 * whole - 2, 2 * whole);
        assertThat(second).isGreaterThanOrEqualTo(whole - 1);
        assertThat(scanner.garbageBytes()).as("the rest of the swallowed frame").isPositive().isLessThan(400);
    }

    @Test
    void wavIsNotMistakenForMp3() {
        byte[] wav = TestAudio.wavTone(440, Duration.ofSeconds(1));
        Mp3FrameScanner scanner = new Mp3FrameScanner();

        int frames = scanner.feed(wav).size() + scanner.finish().size();

        assertThat(frames).isZero();
        assertThat(scanner.garbageBytes()).isEqualTo(wav.length);
    }

    @Test
    void mp2HasTheSyncWordButIsNotLayer3() {
        byte[] mp2 = TestAudio.mp2Tone(440, Duration.ofSeconds(1));
        Mp3FrameScanner scanner = new Mp3FrameScanner();

        assertThat(scanner.feed(mp2).size() + scanner.finish().size()).isZero();
        assertThat(scanner.garbageBytes()).isEqualTo(mp2.length);
    }

    @Test
    void anId3TagIsSkippedAsMetadataNotGarbage() {
        byte[] tag = id3v2(3000);
        ByteArrayOutputStream tagged = new ByteArrayOutputStream();
        tagged.writeBytes(tag);
        tagged.writeBytes(MP3);
        Mp3FrameScanner scanner = new Mp3FrameScanner();
        Mp3FrameScanner plain = new Mp3FrameScanner();

        int frames = 0;
        byte[] all = tagged.toByteArray();
        for (int i = 0; i < all.length; i += 500) { // the tag arrives in pieces
            frames += scanner.feed(Arrays.copyOfRange(all, i, Math.min(all.length, i + 500))).size();
        }

        assertThat(frames + scanner.finish().size()).isEqualTo(plain.feed(MP3).size() + plain.finish().size());
        assertThat(scanner.garbageBytes()).isZero();
        assertThat(scanner.metadataBytes()).isEqualTo(plain.metadataBytes() + tag.length);
    }

    private static byte[] id3v2(int bodySize) {
        byte[] tag = new byte[10 + bodySize];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 4;
        tag[6] = (byte) ((bodySize >> 21) & 0x7F);
        tag[7] = (byte) ((bodySize >> 14) & 0x7F);
        tag[8] = (byte) ((bodySize >> 7) & 0x7F);
        tag[9] = (byte) (bodySize & 0x7F);
        Arrays.fill(tag, 10, tag.length, (byte) 0xFF); // sync-looking bytes inside the tag must not be taken as audio
        return tag;
    }
}
