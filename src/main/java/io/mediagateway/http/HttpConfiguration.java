package io.mediagateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.config.GatewayProperties;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** One Vert.x, one port, one router for REST (Camel platform-http) and WebSockets. No servlet container. */
@Configuration(proxyBeanMethods = false)
public class HttpConfiguration {

    @Bean
    @Primary
    public ObjectMapper gatewayObjectMapper() {
        return GatewayJson.create();
    }

    @Bean(destroyMethod = "close")
    public Vertx vertx() {
        return Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    }

    @Bean(destroyMethod = "close")
    public GatewayHttpServer gatewayHttpServer(Vertx vertx, GatewayProperties gateway, ObjectMapper json) {
        return new GatewayHttpServer(vertx, gateway.getHttp(), json);
    }

    /** The router must be registered before Camel starts the platform-http consumers that attach to it. */
    @Bean
    public CamelContextConfiguration httpServerStarter(GatewayHttpServer server) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                try {
                    server.start(camelContext);
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot start the HTTP server: " + e.getMessage(), e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                server.markReady();
            }
        };
    }

    @Bean
    public ErrorResponder errorResponder(ObjectMapper json) {
        return new ErrorResponder(json);
    }

    @Bean
    public JsonBodyReader jsonBodyReader(ObjectMapper json) {
        return new JsonBodyReader(json);
    }
}
