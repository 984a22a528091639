package io.mediagateway.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.PulseAudioProbe;
import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/** A PulseAudio the gateway owns is restarted, with its layout, each time it dies, until the gateway stops. */
class PulseAudioRestartIT {

    @Test
    void aKilledDaemonIsRestartedWithItsLayout() throws Exception {
        Path dir = PulseAudioTestSupport.runtimeDir("restart");
        GatewayProperties.Pulse settings = PulseAudioTestSupport.ownedSettings(dir);
        PulseAudioProbe probe = PulseAudioTestSupport.probe(settings);
        PulseAudioSupervisor supervisor = PulseAudioTestSupport.supervisor(settings, probe);
        supervisor.start();
        try {
            for (int round = 1; round <= 3; round++) {
                long before = supervisor.daemonPid().orElseThrow();
                ProcessHandle.of(before).orElseThrow().destroyForcibly(); // SIGKILL: no clean exit

                assertThat(Waits.until(Duration.ofSeconds(20),
                        () -> supervisor.daemonPid().filter(p -> p != before).isPresent())).as("restarted").isTrue();
                assertThat(supervisor.restarts()).isEqualTo(round);
                String server = supervisor.server().orElseThrow();
                assertThat(PulseAudioTestSupport.pactl().names(server, "sources")).contains("virtual_mic");
                System.out.printf("[pulse-restart] round %d: pid %d -> %d%n", round, before, supervisor.daemonPid().get());
            }
            assertThat(supervisor.lastExitAt()).isPresent();
        } finally {
            supervisor.stop();
        }
        assertThat(supervisor.daemonPid()).isEmpty();
    }
}
