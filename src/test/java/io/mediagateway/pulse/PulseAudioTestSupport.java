package io.mediagateway.pulse;

import java.nio.file.Path;
import java.time.Duration;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.PulseAudioProbe;
import io.mediagateway.support.SystemTools;
import org.springframework.mock.env.MockEnvironment;

/** A supervisor wired like the gateway's, for a private runtime directory, with nothing reachable to attach to. */
final class PulseAudioTestSupport {

    private PulseAudioTestSupport() {
    }

    static GatewayProperties.Pulse ownedSettings(Path runtimeDir) {
        GatewayProperties.Pulse settings = new GatewayProperties.Pulse();
        settings.setServer("unix:/nonexistent/pulse/native");
        settings.setAutostart(true);
        settings.setRuntimeDir(runtimeDir);
        settings.setRestartBackoff(Duration.ofMillis(100));
        return settings;
    }

    static PulseAudioSupervisor supervisor(GatewayProperties.Pulse settings, PulseAudioProbe probe) {
        SystemTools.requireBinaries("pulseaudio pulseaudio-utils", "pulseaudio", "pactl");
        Pactl pactl = new Pactl(new ProcessCommandRunner(), Duration.ofSeconds(20)); // pactl is slow on a busy machine
        return new PulseAudioSupervisor(settings, probe, new PulseAudioLayout(settings, pactl),
                PulseConfiguration.onPath("pulseaudio"));
    }

    static PulseAudioProbe probe(GatewayProperties.Pulse settings) {
        return new PulseAudioProbe(settings, new MockEnvironment());
    }

    static Pactl pactl() {
        return new Pactl(new ProcessCommandRunner(), Duration.ofSeconds(20));
    }

    /** A short directory under target/ (unix socket paths are limited to 107 bytes). */
    static Path runtimeDir(String name) {
        return Path.of("target", "pa-" + name + "-" + ProcessHandle.current().pid()).toAbsolutePath();
    }
}
