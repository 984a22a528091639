package io.mediagateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records a PulseAudio source (e.g. {@code virtual_mic}, {@code audio_output.monitor}) with {@code parec} as mono
 * 48 kHz 16-bit samples, from when {@link #start} returns until {@link #stop()}. Each read is timestamped, so a test can tell when sound arrived.
 */
public final class PulseRecorder implements AutoCloseable {

    public static final int RATE = 48_000;

    private final Process process;
    private final Thread reader;
    private final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    private final long startedNanos = System.nanoTime();

    private PulseRecorder(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "parec-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static PulseRecorder start(String server, String source) throws IOException {
        SystemTools.requireBinaries("pulseaudio-utils", "parec");
        ProcessBuilder builder = new ProcessBuilder(List.of("parec", "--raw", "--format=s16le", "--rate=" + RATE,
                "--channels=1", "--latency-msec=10", "--client-name=test-recorder", "-d", source))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PULSE_SERVER", server);
        PulseRecorder recorder = new PulseRecorder(builder.start());
        // recording has begun only once parec delivers its first samples (it takes a moment on a busy machine): sound
        // sent before then would be missed
        try {
            Waits.until(Duration.ofSeconds(20), () -> recorder.sampleCount() > 0 || !recorder.process.isAlive());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return recorder;
    }

    /** Records {@code length} of samples and returns them. */
    public static short[] record(String server, String source, Duration length) throws IOException, InterruptedException {
        try (PulseRecorder recorder = start(server, source)) {
            recorder.awaitLength(length);
            return recorder.stop();
        }
    }

    /**
     * Waits until {@code length} of samples has been read (parec delivers at the source's pace, and its reader may
     * fall behind on a busy machine: a fixed sleep could return less).
     */
    public void awaitLength(Duration length) throws InterruptedException {
        long wanted = length.toMillis() * RATE / 1000;
        Thread.sleep(length.toMillis());
        Waits.until(length.plusSeconds(20), () -> sampleCount() >= wanted || !process.isAlive());
    }

    private void read() {
        byte[] buffer = new byte[4800];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (pcm) {
                    pcm.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // parec was stopped
        }
    }

    /** Samples recorded so far (recording continues). */
    public short[] samples() {
        byte[] bytes;
        synchronized (pcm) {
            bytes = pcm.toByteArray();
        }
        short[] samples = new short[bytes.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
        }
        return samples;
    }

    /** Samples recorded since {@code fromSample}. */
    public short[] samplesSince(int fromSample) {
        short[] all = samples();
        return java.util.Arrays.copyOfRange(all, Math.min(fromSample, all.length), all.length);
    }

    public int sampleCount() {
        synchronized (pcm) {
            return pcm.size() / 2;
        }
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public short[] stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(5000);
        return samples();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
