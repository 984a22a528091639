package io.mediagateway.runtime;

import io.mediagateway.config.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
public class RuntimeConfiguration {

    @Bean
    public SystemParts systemParts(GatewayProperties gateway, Environment env) {
        return new SystemParts(new PulseAudioProbe(gateway.getPulse(), env), new DisplayProbe(gateway.getDisplay(), env),
                new VideoDeviceProbe(gateway.getVideo().getDevice()));
    }
}
