package io.mediagateway.mediasocket;

import io.mediagateway.http.GatewayHttpServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class MediaSocketConfiguration {

    @Bean("mediaSockets")
    public MediaSocketRegistry mediaSockets() {
        return new MediaSocketRegistry();
    }

    @Bean("media-socket")
    public MediaSocketComponent mediaSocketComponent(GatewayHttpServer server, MediaSocketRegistry mediaSockets) {
        return new MediaSocketComponent(server, mediaSockets);
    }
}
