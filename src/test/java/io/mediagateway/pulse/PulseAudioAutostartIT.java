package io.mediagateway.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.PulseAudioProbe;
import io.mediagateway.runtime.SystemPart;
import org.junit.jupiter.api.Test;

/**
 * With no server reachable, autostart on and pulseaudio installed, the supervisor starts a private PulseAudio with the
 * gateway's layout (both sinks and the virtual microphone at 48 kHz), makes the probe find it, and stops it (no process left) when the gateway stops.
 */
class PulseAudioAutostartIT {

    @Test
    void startsAPrivateServerWithTheLayoutAndStopsIt() throws Exception {
        Path dir = PulseAudioTestSupport.runtimeDir("autostart");
        GatewayProperties.Pulse settings = PulseAudioTestSupport.ownedSettings(dir);
        PulseAudioProbe probe = PulseAudioTestSupport.probe(settings);
        PulseAudioSupervisor supervisor = PulseAudioTestSupport.supervisor(settings, probe);
        assertThat(probe.probe().up()).as("nothing to attach to").isFalse();

        supervisor.start();
        long pid;
        try {
            assertThat(supervisor.mode()).isEqualTo(PulseAudioSupervisor.Mode.OWNED);
            assertThat(supervisor.daemonPid()).isPresent();
            pid = supervisor.daemonPid().get();
            String server = "unix:" + dir.resolve("native");
            assertThat(supervisor.server()).contains(server);
            SystemPart health = probe.probe();
            assertThat(health.up()).isTrue();
            assertThat(health.detail()).contains(server).contains("started by the gateway");
            Pactl pactl = PulseAudioTestSupport.pactl();
            List<String> sinks = pactl.names(server, "sinks");
            List<String> sources = pactl.names(server, "sources");
            assertThat(sinks).contains("audio_input", "audio_output");
            assertThat(sources).contains("virtual_mic");
            assertThat(pactl.run(server, "info").output()).contains("Default Sink: audio_output")
                    .contains("Default Source: virtual_mic");
            // 48 kHz end to end: what the gateway plays and browsers record is never resampled by PulseAudio
            assertThat(pactl.run(server, "list", "short", "sinks").output().lines()).hasSize(2)
                    .allSatisfy(sink -> assertThat(sink).contains("s16le 2ch 48000Hz"));
            assertThat(pactl.run(server, "list", "short", "sources").output().lines())
                    .filteredOn(source -> source.contains("virtual_mic")).singleElement().asString().contains("48000Hz");
            assertThat(supervisor.unavailability()).isEmpty();
        } finally {
            supervisor.stop();
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("daemon gone").isFalse();
        assertThat(supervisor.isRunning()).isFalse();
        assertThat(probe.probe().up()).isFalse();
    }

    @Test
    void withAutostartOffItStartsNothingAndSaysWhatIsMissing() {
        GatewayProperties.Pulse settings = PulseAudioTestSupport.ownedSettings(PulseAudioTestSupport.runtimeDir("off"));
        settings.setAutostart(false);
        PulseAudioProbe probe = PulseAudioTestSupport.probe(settings);
        PulseAudioSupervisor supervisor = PulseAudioTestSupport.supervisor(settings, probe);

        supervisor.start();
        try {
            assertThat(supervisor.mode()).isEqualTo(PulseAudioSupervisor.Mode.UNAVAILABLE);
            assertThat(supervisor.daemonPid()).isEmpty();
            assertThat(supervisor.unavailability()).get().asString().contains("'pulseaudio' package");
        } finally {
            supervisor.stop();
        }
    }
}
