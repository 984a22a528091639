package io.mediagateway.runtime;

import io.mediagateway.config.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
public class RuntimeConfiguration {

    /** One probe for the whole gateway: the PulseAudio supervisor tells it about a server the gateway started. */
    @Bean
    public PulseAudioProbe pulseAudioProbe(GatewayProperties gateway, Environment env) {
        return new PulseAudioProbe(gateway.getPulse(), env);
    }

    @Bean
    public SystemParts systemParts(PulseAudioProbe pulseAudioProbe, GatewayProperties gateway, Environment env) {
        return new SystemParts(pulseAudioProbe, new DisplayProbe(gateway.getDisplay(), env),
                new VideoDeviceProbe(gateway.getVideo().getDevice()));
    }
}
