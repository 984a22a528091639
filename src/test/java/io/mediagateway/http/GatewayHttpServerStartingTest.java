package io.mediagateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.support.ApiClient;
import io.vertx.core.Vertx;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The port listens before Camel starts the routes that attach to it; until they have, a request answers 503 "starting"
 * (a health check retries) rather than a 404 that says the endpoint does not exist.
 */
class GatewayHttpServerStartingTest {

    @Test
    void beforeTheRoutesHaveStartedEveryPathIs503ThenUnknownPathsAre404() throws Exception {
        Vertx vertx = Vertx.vertx();
        GatewayProperties.Http settings = new GatewayProperties.Http();
        settings.setHost("127.0.0.1");
        settings.setPort(0);
        try (DefaultCamelContext camel = new DefaultCamelContext();
                GatewayHttpServer server = new GatewayHttpServer(vertx, settings, new ObjectMapper())) {
            server.start(camel);
            ApiClient api = new ApiClient(server.port());

            ApiClient.Response starting = api.get("/health");
            assertThat(starting.status()).isEqualTo(503);
            assertThat(starting.json().path("message").asText()).isEqualTo("The gateway is starting; retry in a moment.");

            server.markReady();
            ApiClient.Response unknown = api.get("/health");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("message").asText()).startsWith("No endpoint GET /health.");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
