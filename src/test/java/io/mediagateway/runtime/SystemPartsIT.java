package io.mediagateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.support.PulseAudioFixture;
import io.mediagateway.support.XvfbFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Runtime discovery against a real Xvfb and a real PulseAudio: found while they run, reported missing once killed. */
class SystemPartsIT {

    @TempDir
    Path tmp;

    @Test
    void findsARunningXvfbAndLosesItWhenItDies() throws Exception {
        GatewayProperties.Display settings = new GatewayProperties.Display();
        try (XvfbFixture xvfb = XvfbFixture.start("320x240x24")) {
            DisplayProbe probe = new DisplayProbe(settings, new MockEnvironment().withProperty("DISPLAY", xvfb.display()));

            SystemPart up = probe.probe();
            assertThat(up.up()).as(up.detail()).isTrue();
            assertThat(up.detail()).contains(xvfb.display());

            xvfb.kill();
            SystemPart down = probe.probe();
            assertThat(down.up()).isFalse();
            assertThat(down.detail()).contains("xvfb").contains(xvfb.display());
        }
    }

    @Test
    void findsARunningPulseAudioThroughPulseServerAndLosesItWhenItDies() throws Exception {
        try (PulseAudioFixture pulse = PulseAudioFixture.start(tmp.resolve("pulse"))) {
            PulseAudioProbe probe = new PulseAudioProbe(new GatewayProperties.Pulse(),
                    new MockEnvironment().withProperty("PULSE_SERVER", pulse.server()));
            assertThat(pulse.pactl("list", "short", "sinks").output()).contains("audio_input").contains("audio_output");

            SystemPart up = probe.probe();
            assertThat(up.up()).as(up.detail()).isTrue();

            pulse.kill();
            SystemPart down = probe.probe();
            assertThat(down.up()).isFalse();
            assertThat(down.detail()).contains(pulse.server()).contains("pulseaudio");
        }
    }

    @Test
    void gatewayPulseServerSettingWinsOverTheEnvironment() throws Exception {
        try (PulseAudioFixture pulse = PulseAudioFixture.start(tmp.resolve("pulse"))) {
            GatewayProperties.Pulse settings = new GatewayProperties.Pulse();
            settings.setServer(pulse.server());
            PulseAudioProbe probe = new PulseAudioProbe(settings,
                    new MockEnvironment().withProperty("PULSE_SERVER", "unix:/nonexistent/native"));

            assertThat(probe.probe().up()).isTrue();
            assertThat(probe.candidates()).containsExactly(pulse.server());
        }
    }

    @Test
    void healthReportsEachPartAndTheCameraMode() throws Exception {
        try (XvfbFixture xvfb = XvfbFixture.start("320x240x24");
                PulseAudioFixture pulse = PulseAudioFixture.start(tmp.resolve("pulse"))) {
            MockEnvironment env = new MockEnvironment().withProperty("DISPLAY", xvfb.display())
                    .withProperty("PULSE_SERVER", pulse.server());
            SystemParts parts = new SystemParts(new PulseAudioProbe(new GatewayProperties.Pulse(), env),
                    new DisplayProbe(new GatewayProperties.Display(), env), new VideoDeviceProbe(tmp.resolve("video0")));

            Map<String, Object> health = parts.health();

            assertThat(health).containsEntry("status", "UP").containsEntry("mode", "virtual-file");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, String>> components = (Map<String, Map<String, String>>) health.get("components");
            assertThat(components.get("pulseaudio")).containsEntry("status", "UP");
            assertThat(components.get("display")).containsEntry("status", "UP");
            assertThat(components.get("video_device")).containsEntry("status", "DOWN");
            assertThat(components.get("video_device").get("detail")).contains("v4l2loopback");
        }
    }
}
