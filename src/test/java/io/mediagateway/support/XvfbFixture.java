package io.mediagateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real Xvfb on a free display number, for tests. Closing it kills it. */
public final class XvfbFixture implements AutoCloseable {

    private final int number;
    private final Process process;

    private XvfbFixture(int number, Process process) {
        this.number = number;
        this.process = process;
    }

    public static XvfbFixture start(String screen) throws IOException, InterruptedException {
        SystemTools.requireBinaries("xvfb", "Xvfb");
        int number = freeDisplayNumber();
        Process process = new ProcessBuilder("Xvfb", ":" + number, "-screen", "0", screen, "-nolisten", "tcp", "-noreset")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        XvfbFixture fixture = new XvfbFixture(number, process);
        Waits.until(Duration.ofSeconds(20), () -> Files.exists(fixture.socket()) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("Xvfb :" + number + " exited with " + process.exitValue());
        }
        return fixture;
    }

    public String display() {
        return ":" + number;
    }

    public Path socket() {
        return Path.of("/tmp/.X11-unix/X" + number);
    }

    public void kill() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    public static int freeDisplayNumber() {
        for (int n = 140 + (int) (ProcessHandle.current().pid() % 200); n < 1000; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display number");
    }
}
