package io.mediagateway.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.PulseAudioProbe;
import io.mediagateway.support.PulseAudioFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reachable server (the container's, PULSE_SERVER) is used as it is: the supervisor starts nothing of its own. */
class PulseAudioAttachIT {

    @TempDir
    Path tmp;

    @Test
    void attachesToAReachableServerInsteadOfStartingOne() throws Exception {
        try (PulseAudioFixture running = PulseAudioFixture.start(tmp.resolve("pa"))) {
            GatewayProperties.Pulse settings = PulseAudioTestSupport.ownedSettings(PulseAudioTestSupport.runtimeDir("attach"));
            settings.setServer(running.server());
            PulseAudioProbe probe = PulseAudioTestSupport.probe(settings);
            PulseAudioSupervisor supervisor = PulseAudioTestSupport.supervisor(settings, probe);

            supervisor.start();
            try {
                assertThat(supervisor.mode()).isEqualTo(PulseAudioSupervisor.Mode.ATTACHED);
                assertThat(supervisor.daemonPid()).isEmpty();
                assertThat(supervisor.server()).contains(running.server());
                assertThat(probe.probe().detail()).doesNotContain("started by the gateway");
            } finally {
                supervisor.stop();
            }
            assertThat(running.isAlive()).as("someone else's server is left running").isTrue();
        }
    }
}
