package io.mediagateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.Loader;

/** Media made by the FFmpeg binary bundled with JavaCV (no system ffmpeg needed), cached under target/test-media. */
public final class TestMedia {

    private static final Path DIR = Path.of("target/test-media/generated");

    private TestMedia() {
    }

    public static String ffmpeg() {
        return Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    }

    /** MPEG-1 video in MPEG-TS: a solid colour (an FFmpeg colour name or 0xRRGGBB). */
    public static byte[] mpeg1Ts(String color, int width, int height, int fps, double seconds) {
        return generate("mpeg1-" + color + "-" + width + "x" + height + "-" + fps + "-" + seconds + ".ts",
                List.of("-f", "lavfi", "-i", "color=c=" + color + ":s=" + width + "x" + height + ":r=" + fps,
                        "-t", String.valueOf(seconds), "-c:v", "mpeg1video", "-q:v", "3", "-g", String.valueOf(fps / 2),
                        "-bf", "0", "-f", "mpegts"));
    }

    /** H.264 (or any encoder FFmpeg names) in MPEG-TS: a solid colour. */
    public static byte[] ts(String codec, String color, int width, int height, int fps, double seconds) {
        return generate(codec + "-" + color + "-" + width + "x" + height + "-" + fps + "-" + seconds + ".ts",
                List.of("-f", "lavfi", "-i", "color=c=" + color + ":s=" + width + "x" + height + ":r=" + fps,
                        "-t", String.valueOf(seconds), "-c:v", codec, "-g", String.valueOf(fps / 2), "-bf", "0",
                        "-pix_fmt", "yuv420p", "-f", "mpegts"));
    }

    /** Audio only, in MPEG-TS (a TS with no video). */
    public static byte[] audioOnlyTs(double seconds) {
        return generate("audio-only-" + seconds + ".ts", List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", String.valueOf(seconds), "-c:a", "mp2", "-f", "mpegts"));
    }

    /** VP8 video in WebM, a file a browser plays: a solid colour. */
    public static Path vp8Webm(String color, int width, int height, int fps, double seconds) {
        return generatedFile("vp8-" + color + "-" + width + "x" + height + "-" + fps + "-" + seconds + ".webm",
                List.of("-f", "lavfi", "-i", "color=c=" + color + ":s=" + width + "x" + height + ":r=" + fps,
                        "-t", String.valueOf(seconds), "-c:v", "libvpx", "-b:v", "500k", "-g", String.valueOf(fps),
                        "-pix_fmt", "yuv420p", "-f", "webm"));
    }

    private static byte[] generate(String name, List<String> args) {
        try {
            return Files.readAllBytes(generatedFile(name, args));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Path generatedFile(String name, List<String> args) {
        try {
            Files.createDirectories(DIR);
            Path out = DIR.resolve(name);
            if (!Files.exists(out)) {
                List<String> command = new ArrayList<>(List.of(ffmpeg(), "-loglevel", "error", "-y"));
                command.addAll(args);
                command.add(out.toString());
                Commands.Result result = Commands.run(command, Map.of(), Duration.ofSeconds(120));
                if (result.exitCode() != 0) {
                    throw new IllegalStateException("ffmpeg failed: " + result.output());
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
