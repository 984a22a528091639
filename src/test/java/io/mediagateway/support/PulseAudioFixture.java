package io.mediagateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, private PulseAudio daemon with the gateway's layout (config/pulse/default.pa: audio_input, audio_output,
 * virtual_mic), on a socket in its own directory. Closing it kills it.
 */
public final class PulseAudioFixture implements AutoCloseable {

    private final Path dir;
    private final Process process;

    private PulseAudioFixture(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    public static PulseAudioFixture start(Path dir) throws IOException, InterruptedException {
        SystemTools.requireBinaries("pulseaudio pulseaudio-utils", "pulseaudio", "pactl");
        Files.createDirectories(dir);
        Path socket = dir.resolve("native");
        String layout = Files.readString(Path.of("config/pulse/default.pa")).replace("@PULSE_SOCKET@", socket.toString());
        Path script = Files.writeString(dir.resolve("default.pa"), layout);
        ProcessBuilder builder = new ProcessBuilder("pulseaudio", "--daemonize=no", "--exit-idle-time=-1",
                "--disallow-exit", "--use-pid-file=no", "-n", "-F", script.toString(), "--log-target=stderr")
                .redirectErrorStream(true).redirectOutput(dir.resolve("pulseaudio.log").toFile());
        // keep the daemon's state and runtime files inside the fixture directory
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("XDG_RUNTIME_DIR", dir.toString());
        builder.environment().put("PULSE_RUNTIME_PATH", dir.toString());
        builder.environment().put("PULSE_STATE_PATH", dir.resolve("state").toString());
        builder.environment().remove("PULSE_SERVER");
        PulseAudioFixture fixture = new PulseAudioFixture(dir, builder.start());
        Waits.until(Duration.ofSeconds(20), () -> !fixture.process.isAlive() || fixture.pactl("info").exitCode() == 0);
        if (!fixture.process.isAlive()) {
            throw new IllegalStateException("pulseaudio exited: " + Files.readString(dir.resolve("pulseaudio.log")));
        }
        return fixture;
    }

    /** PULSE_SERVER value for clients. */
    public String server() {
        return "unix:" + dir.resolve("native");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Commands.Result pactl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("pactl"));
        command.addAll(List.of(args));
        return Commands.run(List.copyOf(command), java.util.Map.of("PULSE_SERVER", server()), Duration.ofSeconds(10));
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

    String log() throws IOException {
        return Files.readString(dir.resolve("pulseaudio.log"), StandardCharsets.UTF_8);
    }
}
