package io.mediagateway.support;

import java.nio.file.Path;

/**
 * One private PulseAudio (config/pulse/default.pa) for every system test in this JVM that only needs a server to
 * point the gateway at, so their Spring contexts are the same and are shared. Killed when the JVM exits.
 */
public final class SharedPulseAudio {

    private static PulseAudioFixture fixture;

    private SharedPulseAudio() {
    }

    /** Starts it on first use; skips (or fails under MG_REQUIRE_SYSTEM) when PulseAudio is not installed. */
    public static synchronized PulseAudioFixture get() {
        SystemTools.requireBinaries("pulseaudio pulseaudio-utils", "pulseaudio", "pactl", "parec");
        if (fixture == null || !fixture.isAlive()) {
            try {
                fixture = PulseAudioFixture.start(Path.of("target/pulse-it-" + ProcessHandle.current().pid()).toAbsolutePath());
            } catch (Exception e) {
                throw new IllegalStateException("cannot start PulseAudio for the tests: " + e.getMessage(), e);
            }
            PulseAudioFixture started = fixture;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
            }));
        }
        return fixture;
    }

    /** PULSE_SERVER value of the shared server (starting it if needed). */
    public static String server() {
        return get().server();
    }
}
