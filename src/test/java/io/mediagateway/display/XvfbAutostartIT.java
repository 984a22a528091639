package io.mediagateway.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.mediagateway.MediaGatewayApplication;
import io.mediagateway.runtime.SystemParts;
import io.mediagateway.support.SystemTools;
import io.mediagateway.support.Waits;
import io.mediagateway.support.XvfbFixture;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** gateway.display.autostart: with no display reachable the gateway runs its own Xvfb and restarts it when it dies. */
@CamelSpringBootTest
@SpringBootTest(classes = MediaGatewayApplication.class, properties = {
        "gateway.http.port=0",
        "gateway.pulse.server=unix:/nonexistent/pulse/native",
        "gateway.pulse.autostart=false",
        "gateway.display.autostart=true",
        "gateway.display.screen=320x240x24",
        "gateway.display.restart-backoff=100ms",
        "gateway.video.device=/nonexistent/video0",
})
class XvfbAutostartIT {

    @Autowired
    XvfbSupervisor xvfb;

    @Autowired
    SystemParts system;

    @BeforeAll
    static void needsXvfb() {
        SystemTools.requireBinaries("xvfb", "Xvfb");
    }

    @DynamicPropertySource
    static void display(DynamicPropertyRegistry registry) {
        int number = XvfbFixture.freeDisplayNumber();
        registry.add("gateway.display.name", () -> ":" + number);
    }

    @Test
    void startsXvfbAndRestartsItWhenItDies() throws Exception {
        assertThat(xvfb.mode()).isEqualTo(XvfbSupervisor.Mode.OWNED);
        assertThat(xvfb.lastExitAt()).isEmpty();
        assertThat(system.display().up()).as(system.display().detail()).isTrue();
        long first = xvfb.pid().orElseThrow();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        assertThat(Waits.until(Duration.ofSeconds(20), () -> xvfb.pid().filter(pid -> pid != first).isPresent()
                && system.display().up())).isTrue();
        assertThat(xvfb.restarts()).isEqualTo(1);
        assertThat(xvfb.lastExitAt()).as("the death is recorded").isPresent();
    }
}
