package io.mediagateway.pulse;

import java.nio.file.Files;
import java.nio.file.Path;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.PulseAudioProbe;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class PulseConfiguration {

    @Bean
    public CommandRunner commandRunner() {
        return new ProcessCommandRunner();
    }

    @Bean
    public Pactl pactl(CommandRunner commandRunner, GatewayProperties gateway) {
        return new Pactl(commandRunner, gateway.getPulse().getCommandTimeout());
    }

    @Bean
    public PulseAudioLayout pulseAudioLayout(GatewayProperties gateway, Pactl pactl) {
        return new PulseAudioLayout(gateway.getPulse(), pactl);
    }

    @Bean
    public PulseAudioSupervisor pulseAudioSupervisor(GatewayProperties gateway, PulseAudioProbe pulseAudioProbe,
            PulseAudioLayout pulseAudioLayout) {
        return new PulseAudioSupervisor(gateway.getPulse(), pulseAudioProbe, pulseAudioLayout, onPath("pulseaudio"));
    }

    /** The executable {@code name} on $PATH, or null. */
    public static Path onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
