package io.mediagateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.Loader;

/**
 * Audio files for tests, made with the FFmpeg binary bundled in the JavaCV jars (no system ffmpeg needed) and cached
 * under {@code target/test-audio}.
 */
public final class TestAudio {

    private static final Path DIR = Path.of("target/test-audio").toAbsolutePath();

    private TestAudio() {
    }

    /** The bundled ffmpeg executable. */
    public static String ffmpeg() {
        return Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    }

    /** A sine tone as MP3 (libmp3lame, CBR). */
    public static byte[] mp3Tone(int frequency, int sampleRate, int channels, int kbps, Duration length) {
        String name = "tone-" + frequency + "-" + sampleRate + "-" + channels + "ch-" + kbps + "k-" + length.toMillis() + "ms.mp3";
        return make(name, List.of("-f", "lavfi", "-i", "sine=frequency=" + frequency + ":sample_rate=" + sampleRate,
                "-t", seconds(length), "-ac", Integer.toString(channels), "-c:a", "libmp3lame", "-b:a", kbps + "k", "-f", "mp3"));
    }

    /** The standard test tone: 440 Hz, 48 kHz stereo, 128 kbps. */
    public static byte[] mp3Tone440(Duration length) {
        return mp3Tone(440, 48_000, 2, 128, length);
    }

    /** The same tone as a WAV file: what a confused publisher might send instead of MP3. */
    public static byte[] wavTone(int frequency, Duration length) {
        return make("tone-" + frequency + "-" + length.toMillis() + "ms.wav", List.of("-f", "lavfi", "-i",
                "sine=frequency=" + frequency + ":sample_rate=48000", "-t", seconds(length), "-c:a", "pcm_s16le", "-f", "wav"));
    }

    /** The same tone as Ogg/Opus (right idea, wrong format for the socket). */
    public static byte[] opusTone(int frequency, Duration length) {
        return make("tone-" + frequency + "-" + length.toMillis() + "ms.ogg", List.of("-f", "lavfi", "-i",
                "sine=frequency=" + frequency + ":sample_rate=48000", "-t", seconds(length), "-c:a", "libopus", "-f", "ogg"));
    }

    /** MP2 (MPEG audio layer II): the sync word of MP3 but another layer. */
    public static byte[] mp2Tone(int frequency, Duration length) {
        return make("tone-" + frequency + "-" + length.toMillis() + "ms.mp2", List.of("-f", "lavfi", "-i",
                "sine=frequency=" + frequency + ":sample_rate=48000", "-t", seconds(length), "-c:a", "mp2", "-f", "mp2"));
    }

    private static String seconds(Duration length) {
        return String.format(java.util.Locale.ROOT, "%.3f", length.toMillis() / 1000.0);
    }

    private static synchronized byte[] make(String name, List<String> args) {
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(name);
            if (!Files.exists(file)) {
                Path partial = DIR.resolve(name + ".part");
                List<String> command = new ArrayList<>(List.of(ffmpeg(), "-hide_banner", "-loglevel", "error", "-y"));
                command.addAll(args); // every caller names the output format: the file name ends in .part
                command.add(partial.toString());
                Commands.Result result = Commands.run(command, Map.of(), Duration.ofSeconds(60));
                if (result.exitCode() != 0) {
                    throw new IllegalStateException("ffmpeg failed: " + result.output());
                }
                Files.move(partial, file);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
