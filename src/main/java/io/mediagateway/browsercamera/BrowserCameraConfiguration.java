package io.mediagateway.browsercamera;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.GatewayHttpServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The browser camera's script, for the route {@code browser-camera-script} (routes/browser-camera.yaml). */
@Configuration(proxyBeanMethods = false)
public class BrowserCameraConfiguration {

    @Bean
    public BrowserCameraScript browserCameraScript(GatewayProperties gateway, GatewayHttpServer http) {
        return new BrowserCameraScript(gateway, http);
    }
}
