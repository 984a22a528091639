package io.mediagateway.pulse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spawns the command, waits at most the timeout, then kills it. Output goes to a temporary file rather than a pipe, so
 * a command that hangs or writes a lot can never block the caller past the timeout.
 */
public class ProcessCommandRunner implements CommandRunner {

    @Override
    public Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("mg-cmd", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                    return new Result(-1, command.get(0) + " timed out after " + timeout.toMillis() + " ms");
                }
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, command.get(0) + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, command.get(0) + " interrupted");
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
