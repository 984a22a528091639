package io.mediagateway;

import io.mediagateway.config.GatewayProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class MediaGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(MediaGatewayApplication.class, args);
    }
}
