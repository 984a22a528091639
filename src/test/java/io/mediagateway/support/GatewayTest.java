package io.mediagateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.mediagateway.MediaGatewayApplication;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole gateway on a free port, with no PulseAudio, X display or v4l2 device in reach (so results do not depend
 * on what the machine running the tests has). Classes with the same annotation share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@SpringBootTest(classes = MediaGatewayApplication.class, properties = {
        "gateway.http.port=0",
        "gateway.rtmp.port=0",
        "gateway.pulse.server=unix:/nonexistent/pulse/native",
        "gateway.pulse.autostart=false",
        "gateway.display.name=:1999",
        "gateway.display.autostart=false",
        "gateway.management.enabled=false",
        "gateway.video.device=/nonexistent/video0",
        "gateway.sources.file-root=target/test-media",
})
public @interface GatewayTest {
}
