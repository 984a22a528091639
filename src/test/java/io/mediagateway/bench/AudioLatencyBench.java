package io.mediagateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.mediagateway.audio.Mp3Decoder;
import io.mediagateway.audio.Mp3FrameScanner;
import io.mediagateway.audio.Pcm;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.Commands;
import io.mediagateway.support.PulseAudioFixture;
import io.mediagateway.support.SystemTools;
import io.mediagateway.support.TestAudio;
import io.mediagateway.support.WsClient;
import org.junit.jupiter.api.Test;

/**
 * Audio ingest latency: from the arrival of the MP3 chunk that holds the start of a tone burst to that tone's onset at
 * PulseAudio's {@code virtual_mic}, p50/p99, and the CPU of the process doing the work. The gateway (packaged jar, its
 * own process: WebSocket → MP3 decode → pacer → pulse writer) against the reference design, an
 * {@code ffmpeg -f mp3 -i pipe:0 -f pulse} process fed the same chunks on stdin (as is, and tuned for latency). Same
 * machine, same PulseAudio, same stimulus, same run.
 *
 * <p>Stimulus: 128 kbps 48 kHz stereo MP3 with bursts of 150 ms, 400-700 ms apart, each at its own frequency (so a burst
 * played late is never taken for a later one), sent at real time in chunks of two frames (48 ms). One recorder
 * ({@code parec}, 5 ms latency) dates the onsets; its own latency is the same for every contender. Run: {@code bench/audio-latency.sh}. Not part of the test suite.
 */
class AudioLatencyBench {

    private static final int BURSTS = 60;
    private static final int WARMUP_BURSTS = 6;
    private static final int FRAMES_PER_CHUNK = 2;

    record Result(String name, List<Double> latenciesMs, int expected, double cpuPercent, double pulseCpuPercent) {
        double percentile(double p) {
            List<Double> sorted = latenciesMs.stream().sorted().toList();
            return sorted.isEmpty() ? Double.NaN
                    : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
        }
    }

    /** The stimulus: MP3 frames, the decoded sample index of each burst's onset, and chunks of frames. */
    record Stimulus(List<byte[]> chunks, List<Integer> chunkFirstSample, List<Integer> onsetSamples) {
    }

    @Test
    void latencyAgainstFfmpegPulse() throws Exception {
        Stimulus stimulus = stimulus();
        List<Result> results = new ArrayList<>();
        try (PulseAudioFixture pulse = PulseAudioFixture.start(Path.of("target/pa-bench").toAbsolutePath())) {
            long pulsePid = pulsePid(pulse);
            try (OnsetRecorder recorder = OnsetRecorder.start(pulse.server())) {
                Thread.sleep(2500); // the idle null sink catches up with real time once a low-latency reader is there
                results.add(runGateway(pulse, pulsePid, recorder, stimulus));
                if (Boolean.getBoolean("bench.gatewayOnly")) { // profiling runs; figures need the baselines
                    report(results);
                    return;
                }
                results.add(runFfmpeg("ffmpeg -f mp3 -i pipe:0 -f pulse", List.of(), pulse, pulsePid, recorder, stimulus));
                results.add(runFfmpeg("ffmpeg tuned (nobuffer, probesize 32, buffer_duration 30)",
                        List.of("-fflags", "nobuffer", "-probesize", "32", "-analyzeduration", "0"), pulse, pulsePid,
                        recorder, stimulus, "-buffer_duration", "30"));
            }
        }
        report(results);
    }

    // --- contenders ----------------------------------------------------------------------------------------------

    private Result runGateway(PulseAudioFixture pulse, long pulsePid, OnsetRecorder recorder, Stimulus stimulus)
            throws Exception {
        // e.g. a JFR recording, for profiling
        GatewayProcess gateway = GatewayProcess.start(Path.of("target/bench-audio-gateway.log"),
                System.getProperty("bench.gatewayJvmArgs", ""), "--gateway.pulse.server=" + pulse.server());
        int port = gateway.port();
        try {
            ApiClient api = gateway.api();
            assertThat(api.post("/input/devices/virtual/configure", "{\"audio\":{\"type\":\"socket\"}}").status()).isEqualTo(200);
            Thread.sleep(1000);
            double idleCpu = ProcessCpu.percentOver(List.of(gateway.pid()), Duration.ofSeconds(3));
            System.out.printf(Locale.ROOT, "[audio-bench] gateway idle (audio configured, no publisher): %.2f%% CPU%n", idleCpu);
            try (WsClient ws = WsClient.connect(port, "/input/devices/virtual/socket/audio")) {
                assertThat(ws.nextText(Duration.ofSeconds(10))).isEqualTo("mp3");
                return measure("gateway (WebSocket → decode → pacer → pulse)", gateway.pid(), pulsePid, recorder,
                        stimulus, ws::sendBinary);
            }
        } finally {
            gateway.close();
        }
    }

    private Result runFfmpeg(String name, List<String> inputOptions, PulseAudioFixture pulse, long pulsePid,
            OnsetRecorder recorder, Stimulus stimulus, String... outputOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(TestAudio.ffmpeg(), "-hide_banner", "-loglevel", "error"));
        command.addAll(inputOptions);
        command.addAll(List.of("-f", "mp3", "-i", "pipe:0", "-f", "pulse", "-device", "audio_input"));
        command.addAll(List.of(outputOptions));
        command.add("bench-baseline");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench-audio-ffmpeg.log").toFile());
        builder.environment().put("PULSE_SERVER", pulse.server());
        Process ffmpeg = builder.start();
        try (OutputStream stdin = ffmpeg.getOutputStream()) {
            return measure(name, ffmpeg.pid(), pulsePid, recorder, stimulus, chunk -> {
                try {
                    stdin.write(chunk);
                    stdin.flush();
                } catch (IOException e) {
                    throw new IllegalStateException("ffmpeg stopped reading: " + e.getMessage(), e);
                }
            });
        } finally {
            ffmpeg.destroy();
            ffmpeg.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sends the chunks at real time, reads the onsets, pairs each burst with the first onset after its due time. */
    private Result measure(String name, long workerPid, long pulsePid, OnsetRecorder recorder, Stimulus stimulus,
            java.util.function.Consumer<byte[]> send) throws Exception {
        // warm-up, not measured: a third of the stimulus at real time by default (JIT compilation is a start-up cost);
        // -Dbench.warmup=N plays N times the stimulus (steady state of a long-running process)
        long warmStart = System.nanoTime();
        int size = stimulus.chunks().size();
        int warmChunks = (int) Math.ceil(size * Double.parseDouble(System.getProperty("bench.warmup", "0.3333")));
        long stimulusSamples = stimulus.chunkFirstSample().get(size - 1) + 1152L * FRAMES_PER_CHUNK; // MPEG-1 Layer III: 1,152 samples a frame
        for (int i = 0; i < warmChunks; i++) {
            sleepUntil(warmStart + samplesToNanos(i / size * stimulusSamples + stimulus.chunkFirstSample().get(i % size)));
            send.accept(stimulus.chunks().get(i % size));
        }
        long start = System.nanoTime() + 200_000_000L;
        long[] sentAt = new long[stimulus.chunks().size()];
        long cpu0 = ProcessCpu.ticks(workerPid);
        long pulse0 = ProcessCpu.ticks(pulsePid);
        Map<String, Long> threads0 = ProcessCpu.threadTicks(workerPid);
        long wall0 = System.nanoTime();
        for (int i = 0; i < stimulus.chunks().size(); i++) {
            long due = start + samplesToNanos(stimulus.chunkFirstSample().get(i));
            sleepUntil(due);
            sentAt[i] = System.nanoTime();
            send.accept(stimulus.chunks().get(i));
        }
        Thread.sleep(1500); // the last bursts play out
        long elapsed = System.nanoTime() - wall0;
        double seconds = elapsed / 1e9;
        double cpu = ProcessCpu.percent(ProcessCpu.ticks(workerPid) - cpu0, elapsed);
        double pulseCpu = ProcessCpu.percent(ProcessCpu.ticks(pulsePid) - pulse0, elapsed);
        printBusiestThreads(name, seconds, threads0, ProcessCpu.threadTicks(workerPid));

        List<Double> latencies = new ArrayList<>();
        List<long[]> onsets = recorder.onsets();
        int expected = 0;
        for (int b = WARMUP_BURSTS; b < stimulus.onsetSamples().size(); b++) {
            int onset = stimulus.onsetSamples().get(b);
            int frequency = FREQUENCIES[b % FREQUENCIES.length];
            int chunk = chunkOf(stimulus, onset);
            // a perfect real-time player starts the chunk as it arrives: the onset is due that far into it
            long due = sentAt[chunk] + samplesToNanos(onset - stimulus.chunkFirstSample().get(chunk));
            expected++;
            onsets.stream().filter(o -> o[1] == frequency && o[0] > due - 20_000_000L && o[0] < due + 5_000_000_000L)
                    .findFirst().ifPresent(o -> latencies.add((o[0] - due) / 1e6));
        }
        return new Result(name, latencies, expected, cpu, pulseCpu);
    }

    // --- stimulus ------------------------------------------------------------------------------------------------

    /** Burst frequencies, cycled: a burst played late cannot be taken for a later one (that would need > 5 s). */
    static final int[] FREQUENCIES = {500, 650, 800, 950, 1100, 1250, 1400, 1550, 1700, 1850};
    private static final int BURST_MS = 150;

    private static Stimulus stimulus() {
        // bursts of 150 ms with irregular gaps (400-700 ms), each at its own frequency
        java.util.Random random = new java.util.Random(11);
        int rate = Pcm.SAMPLE_RATE;
        List<Integer> starts = new ArrayList<>();
        int at = rate / 2;
        for (int b = 0; b < BURSTS; b++) {
            starts.add(at);
            at += rate * (BURST_MS + 400 + random.nextInt(300)) / 1000;
        }
        short[] pcm = new short[at + rate];
        for (int b = 0; b < BURSTS; b++) {
            int f = FREQUENCIES[b % FREQUENCIES.length];
            for (int i = 0; i < rate * BURST_MS / 1000; i++) {
                pcm[starts.get(b) + i] = (short) (16000 * Math.sin(2 * Math.PI * f * i / rate));
            }
        }
        byte[] mp3 = encodeWav("bursts-" + BURSTS + "-v2", pcm);
        Mp3FrameScanner scanner = new Mp3FrameScanner();
        List<Mp3FrameScanner.Frame> frames = new ArrayList<>(scanner.feed(mp3));
        frames.addAll(scanner.finish());
        // decode as the gateway does to find where each burst starts in the decoded stream (after the encoder delay)
        ByteArrayOutputStream decodedOut = new ByteArrayOutputStream();
        try (Mp3Decoder decoder = new Mp3Decoder()) {
            for (Mp3FrameScanner.Frame frame : frames) {
                decodedOut.writeBytes(decoder.decode(frame.data()));
            }
        }
        byte[] decoded = decodedOut.toByteArray();
        short[] left = new short[decoded.length / Pcm.BYTES_PER_FRAME];
        for (int i = 0; i < left.length; i++) {
            left[i] = (short) ((decoded[i * 4] & 0xFF) | (decoded[i * 4 + 1] << 8));
        }
        List<Integer> onsets = Onsets.find(left).stream().map(o -> o.sample()).toList();
        List<byte[]> chunks = new ArrayList<>();
        List<Integer> firstSample = new ArrayList<>();
        int sample = 0;
        for (int i = 0; i < frames.size(); i += FRAMES_PER_CHUNK) {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            firstSample.add(sample);
            for (int k = i; k < Math.min(frames.size(), i + FRAMES_PER_CHUNK); k++) {
                chunk.writeBytes(frames.get(k).data());
                sample += frames.get(k).samples();
            }
            chunks.add(chunk.toByteArray());
        }
        assertThat(onsets).as("bursts found in the decoded stimulus").hasSize(BURSTS);
        return new Stimulus(chunks, firstSample, onsets);
    }

    /** Writes {@code pcm} (mono 48 kHz) as WAV and encodes it to 128 kbps stereo MP3 with the bundled ffmpeg. */
    private static byte[] encodeWav(String name, short[] pcm) {
        try {
            Path wav = Path.of("target/test-audio").toAbsolutePath().resolve(name + ".wav");
            Files.createDirectories(wav.getParent());
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(44 + pcm.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            out.put("RIFF".getBytes()).putInt(36 + pcm.length * 2).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1)
                    .putShort((short) 1).putInt(Pcm.SAMPLE_RATE).putInt(Pcm.SAMPLE_RATE * 2).putShort((short) 2)
                    .putShort((short) 16).put("data".getBytes()).putInt(pcm.length * 2);
            for (short s : pcm) {
                out.putShort(s);
            }
            Files.write(wav, out.array());
            return encode(name + ".mp3", List.of("-i", wav.toString(), "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k",
                    "-f", "mp3"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Onsets (quiet → loud) in mono samples, with the frequency of the tone that starts there. */
    static final class Onsets {
        static final int THRESHOLD = 3000;

        record Onset(int sample, int frequency) {
        }

        static List<Onset> find(short[] samples) {
            List<Onset> onsets = new ArrayList<>();
            boolean loud = false;
            int quiet = 0;
            for (int i = 0; i < samples.length; i++) {
                if (Math.abs(samples[i]) > THRESHOLD) {
                    if (!loud) {
                        onsets.add(new Onset(i, frequency(samples, i)));
                    }
                    loud = true;
                    quiet = 0;
                } else if (loud && ++quiet > Pcm.SAMPLE_RATE / 20) { // 50 ms of quiet ends a burst
                    loud = false;
                }
            }
            return onsets;
        }

        /** The burst frequency (of {@link #FREQUENCIES}) strongest in the 30 ms after {@code from}. */
        static int frequency(short[] samples, int from) {
            int to = Math.min(samples.length, from + Pcm.SAMPLE_RATE * 30 / 1000);
            int best = 0;
            double bestPower = -1;
            for (int f : FREQUENCIES) {
                double p = io.mediagateway.support.ToneAnalysis.power(samples, from, to, f, Pcm.SAMPLE_RATE);
                if (p > bestPower) {
                    bestPower = p;
                    best = f;
                }
            }
            return best;
        }
    }

    private static byte[] encode(String name, List<String> args) {
        try {
            Path file = Path.of("target/test-audio").toAbsolutePath().resolve(name);
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                List<String> command = new ArrayList<>(List.of(TestAudio.ffmpeg(), "-hide_banner", "-loglevel", "error", "-y"));
                command.addAll(args);
                command.add(file.toString());
                Commands.Result result = Commands.run(command, Map.of(), Duration.ofSeconds(120));
                assertThat(result.exitCode()).as(result.output()).isZero();
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int chunkOf(Stimulus stimulus, int sample) {
        List<Integer> first = stimulus.chunkFirstSample();
        int chunk = 0;
        while (chunk + 1 < first.size() && first.get(chunk + 1) <= sample) {
            chunk++;
        }
        return chunk;
    }

    // --- measurement helpers -------------------------------------------------------------------------------------

    /** parec on virtual_mic; keeps the samples and the time each read returned, to date any sample afterwards. */
    static final class OnsetRecorder implements AutoCloseable {
        private final Process process;
        private final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        private final List<long[]> reads = new ArrayList<>(); // {samples so far, nanoTime}

        private OnsetRecorder(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "onset-recorder");
            reader.setDaemon(true);
            reader.start();
        }

        static OnsetRecorder start(String server) throws IOException {
            SystemTools.requireBinaries("pulseaudio-utils", "parec");
            ProcessBuilder builder = new ProcessBuilder("parec", "--raw", "--format=s16le", "--rate=48000", "--channels=1",
                    "--latency-msec=5", "-d", "virtual_mic").redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PULSE_SERVER", server);
            return new OnsetRecorder(builder.start());
        }

        private void read() {
            byte[] buffer = new byte[480];
            try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    long now = System.nanoTime();
                    synchronized (this) {
                        pcm.write(buffer, 0, n);
                        reads.add(new long[] {pcm.size() / 2, now});
                    }
                }
            } catch (IOException e) {
                // stopped
            }
        }

        /** Onsets recorded so far as {time (nanoTime), frequency}. */
        synchronized List<long[]> onsets() {
            byte[] bytes = pcm.toByteArray();
            short[] samples = new short[bytes.length / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
            }
            List<long[]> out = new ArrayList<>();
            int r = 0;
            for (Onsets.Onset onset : Onsets.find(samples)) {
                while (r < reads.size() && reads.get(r)[0] <= onset.sample()) {
                    r++;
                }
                if (r < reads.size()) {
                    long[] read = reads.get(r); // the read that returned this sample, dated back to the sample
                    out.add(new long[] {read[1] - samplesToNanos(read[0] - onset.sample()), onset.frequency()});
                }
            }
            return out;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The measured window's CPU per thread name, busiest first. */
    private static void printBusiestThreads(String name, double seconds, Map<String, Long> before, Map<String, Long> after) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "[audio-bench] %s: CPU by thread in the measured %.1f s (ticks of 10 ms):", name, seconds));
        after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> line.append(' ').append(e.getKey()).append('=').append(e.getValue()));
        // the JVM's JIT compilers still work through the per-chunk code minutes after start-up (a chunk every 48 ms
        // reaches C2's thresholds slowly): a start-up cost of the gateway that a native process does not have
        long jit = ProcessCpu.jitTicks(after) - ProcessCpu.jitTicks(before);
        line.append(String.format(Locale.ROOT, "; JIT compiler threads %.2f%% CPU", 100.0 * jit / ProcessCpu.TICKS_PER_SECOND / seconds));
        System.out.println(line);
    }

    private static long pulsePid(PulseAudioFixture pulse) {
        String info = pulse.pactl("info").output();
        // the fixture's daemon is the newest pulseaudio child of this JVM
        return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("pulseaudio"))
                .mapToLong(ProcessHandle::pid).max().orElseThrow(() -> new IllegalStateException("no pulseaudio: " + info));
    }

    private static long samplesToNanos(long samples) {
        return samples * 1_000_000_000L / Pcm.SAMPLE_RATE;
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            if (wait > 2_000_000L) {
                Thread.sleep((wait - 1_000_000L) / 1_000_000L);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static void report(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%naudio latency: chunk arrival → tone onset at virtual_mic; %d bursts (after %d "
                + "warm-up), 128 kbps 48 kHz MP3, %d frames (48 ms) per chunk at real time, after a warm-up of a third of the "
                + "stimulus; CPU %% of one core for the worker process (and for PulseAudio)%n", BURSTS - WARMUP_BURSTS, WARMUP_BURSTS, FRAMES_PER_CHUNK));
        out.append(String.format(Locale.ROOT, "%-58s %8s %8s %8s %9s %7s %7s%n", "", "p50 ms", "p99 ms", "max ms",
                "detected", "CPU %", "PA %"));
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "%-58s %8.1f %8.1f %8.1f %5d/%-3d %7.2f %7.2f%n", r.name(),
                    r.percentile(0.5), r.percentile(0.99), r.percentile(1.0), r.latenciesMs().size(), r.expected(),
                    r.cpuPercent(), r.pulseCpuPercent()));
        }
        Result gateway = results.get(0);
        for (Result baseline : results.subList(1, results.size())) {
            out.append(String.format(Locale.ROOT, "gateway / %-47s p50 ×%.2f  p99 ×%.2f  CPU ×%.2f%n", baseline.name(),
                    gateway.percentile(0.5) / baseline.percentile(0.5), gateway.percentile(0.99) / baseline.percentile(0.99),
                    gateway.cpuPercent() / baseline.cpuPercent()));
        }
        System.out.print(out);
    }
}
