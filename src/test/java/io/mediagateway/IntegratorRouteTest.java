package io.mediagateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The README's integrator route (config/routes/virtual-input-summary.yaml) is loaded from the folder and works. */
class IntegratorRouteTest extends GatewayTestSupport {

    private static final String SUMMARY = "/custom/virtual-input/summary";

    @Autowired
    CamelContext camel;

    @Test
    void routeFromConfigRoutesIsLoadedWithItsId() {
        assertThat(camel.getRoute("example-virtual-input-summary")).isNotNull();
        assertThat(camel.getRoute("example-virtual-input-summary").getSourceLocation()).contains("config/routes");
    }

    @Test
    void summaryFollowsTheVirtualInputs() {
        assertThat(api.get(SUMMARY).body()).isEqualTo("virtual-input=idle camera=virtual-file");

        api.post(CONFIGURE, "{\"video\":{\"type\":\"socket\"},\"start_paused\":true}");
        ApiClient.Response summary = api.get(SUMMARY);

        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.contentType()).startsWith("text/plain");
        assertThat(summary.body()).isEqualTo("virtual-input=paused camera=virtual-file");
    }
}
