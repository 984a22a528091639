package io.mediagateway.rtmp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mediagateway.support.TestMedia;
import io.mediagateway.support.ToneAnalysis;

/**
 * Real RTMP peers: the FFmpeg bundled with JavaCV as publisher (a solid colour + a sine tone, H.264 + AAC in FLV,
 * the same kind of stream the gateway's livestreams push) and as players that decode what they receive to raw
 * RGB frames and mono PCM files.
 */
public final class FfmpegRtmp {

    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    static final int SAMPLE_RATE = 44100;

    private FfmpegRtmp() {
    }

    /** Publishes in real time until destroyed; {@code gopFrames} apart key frames at 25 fps. */
    public static Process publish(String url, String colour, int toneHz, int gopFrames, Path log, String... extraOutputArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(TestMedia.ffmpeg(), "-hide_banner", "-loglevel", "warning", "-nostdin",
                "-re", "-f", "lavfi", "-i", "color=c=" + colour + ":s=" + WIDTH + "x" + HEIGHT + ":r=25",
                "-re", "-f", "lavfi", "-i", "sine=frequency=" + toneHz + ":sample_rate=" + SAMPLE_RATE,
                "-c:v", "libopenh264", "-b:v", "300k", "-g", String.valueOf(gopFrames), "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-ac", "1"));
        command.addAll(List.of(extraOutputArgs));
        command.addAll(List.of("-f", "flv", url));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A player decoding {@code frames} video frames and {@code audioSeconds} of audio into files under dir. */
    static Player play(String url, Path dir, String name, int frames, double audioSeconds) throws IOException {
        Files.createDirectories(dir);
        Path video = dir.resolve(name + ".rgb");
        Path audio = dir.resolve(name + ".pcm");
        Path log = dir.resolve(name + ".log");
        Files.deleteIfExists(video); // ffmpeg opens (and truncates) its outputs only once the input is up
        Files.deleteIfExists(audio);
        Process process = new ProcessBuilder(TestMedia.ffmpeg(), "-hide_banner", "-loglevel", "warning", "-nostdin", "-y",
                "-i", url,
                "-map", "0:v", "-frames:v", String.valueOf(frames), "-s", WIDTH + "x" + HEIGHT, "-pix_fmt", "rgb24", "-f", "rawvideo", video.toString(),
                "-map", "0:a", "-t", String.valueOf(audioSeconds), "-ac", "1", "-ar", String.valueOf(SAMPLE_RATE), "-f", "s16le", audio.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Player(process, video, audio, log);
    }

    /** A player that copies what it receives into an FLV file (to inspect the tags), for {@code seconds}. */
    static Process copy(String url, Path flv, double seconds, Path log) throws IOException {
        return new ProcessBuilder(TestMedia.ffmpeg(), "-hide_banner", "-loglevel", "warning", "-nostdin", "-y",
                "-i", url, "-t", String.valueOf(seconds), "-c", "copy", "-f", "flv", flv.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    record Player(Process process, Path video, Path audio, Path log) {

        boolean finish(long seconds) throws InterruptedException {
            boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return done;
        }

        /** Mean R, G, B of the {@code index}-th decoded frame. */
        int[] meanColour(int index) throws IOException {
            byte[] all = Files.readAllBytes(video);
            int size = WIDTH * HEIGHT * 3;
            long[] sum = new long[3];
            for (int i = index * size; i < (index + 1) * size; i++) {
                sum[i % 3] += all[i] & 0xFF;
            }
            int pixels = WIDTH * HEIGHT;
            return new int[] {(int) (sum[0] / pixels), (int) (sum[1] / pixels), (int) (sum[2] / pixels)};
        }

        int framesDecoded() throws IOException {
            return Files.exists(video) ? (int) (Files.size(video) / (WIDTH * HEIGHT * 3)) : 0;
        }

        short[] samples() throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(audio)).order(ByteOrder.LITTLE_ENDIAN);
            short[] samples = new short[bytes.remaining() / 2];
            bytes.asShortBuffer().get(samples);
            return samples;
        }

        int dominantFrequency() throws IOException {
            return ToneAnalysis.dominantFrequency(samples(), SAMPLE_RATE);
        }

        String output() throws IOException {
            return Files.readString(log);
        }
    }
}
