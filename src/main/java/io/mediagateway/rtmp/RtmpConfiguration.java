package io.mediagateway.rtmp;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.SystemParts;
import io.vertx.core.Vertx;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class RtmpConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    public RtmpServer rtmpServer(Vertx vertx, GatewayProperties gateway, SystemParts systemParts) {
        RtmpServer server = new RtmpServer(vertx, gateway.getRtmp());
        systemParts.register(server::health);
        return server;
    }

    @Bean("rtmp")
    public RtmpComponent rtmpComponent(RtmpServer rtmpServer) {
        return new RtmpComponent(rtmpServer);
    }
}
