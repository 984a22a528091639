package io.mediagateway.display;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.pulse.PulseConfiguration;
import io.mediagateway.runtime.DisplayProbe;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
public class DisplayConfiguration {

    @Bean
    public XvfbSupervisor xvfbSupervisor(GatewayProperties gateway, Environment env) {
        return new XvfbSupervisor(gateway.getDisplay(), new DisplayProbe(gateway.getDisplay(), env),
                PulseConfiguration.onPath("Xvfb"));
    }
}
