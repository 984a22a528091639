package io.mediagateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion, with a timeout, capturing its combined output. */
public final class Commands {

    private Commands() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            // output goes to a file so that a command that hangs cannot block us past the timeout
            Path out = Files.createTempFile("mg-cmd", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                String output = Files.readString(out, StandardCharsets.UTF_8);
                return done ? new Result(process.exitValue(), output) : new Result(-1, "timed out: " + output);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
