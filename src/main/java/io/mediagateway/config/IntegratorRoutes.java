package io.mediagateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the integrator's route folder ({@code gateway.routes-dir}) to Camel's route include pattern, but only when it
 * exists: Camel refuses to start on a missing folder, and the gateway must start from any working directory.
 */
public class IntegratorRoutes implements EnvironmentPostProcessor {

    static final String INCLUDE_PATTERN = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        GatewayProperties gateway = Binder.get(env).bind("gateway", GatewayProperties.class).orElseGet(GatewayProperties::new);
        Path dir = gateway.getRoutesDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            return;
        }
        String pattern = env.getProperty(INCLUDE_PATTERN, "classpath:routes/*.yaml") + ",file:" + dir + "/*.yaml";
        env.getPropertySources().addFirst(new MapPropertySource("gatewayIntegratorRoutes", Map.of(INCLUDE_PATTERN, pattern)));
    }
}
