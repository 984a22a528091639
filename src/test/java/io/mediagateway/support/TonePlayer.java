package io.mediagateway.support;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A sine tone played into a PulseAudio sink by ffmpeg, until closed. */
public final class TonePlayer implements AutoCloseable {

    private final Process process;

    private TonePlayer(Process process) {
        this.process = process;
    }

    public static TonePlayer start(String pulseServer, String sink, int frequency) throws IOException {
        Process process = new ProcessBuilder(List.of(TestAudio.ffmpeg(), "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "sine=frequency=" + frequency + ":sample_rate=48000", "-ac", "2",
                "-f", "pulse", "-server", pulseServer, "-buffer_duration", "50", sink))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new TonePlayer(process);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
