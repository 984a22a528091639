package io.mediagateway.management;

import java.util.Map;

import io.mediagateway.webrtc.WebRtcEngine;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;

/** The owner of every native WebRTC object over JMX: is the factory alive, how many peers are open. */
@ManagedResource(objectName = "io.mediagateway:type=WebRtc", description = "WebRTC peers (native owner)")
public class WebRtcMBean {

    private final WebRtcEngine engine;

    public WebRtcMBean(WebRtcEngine engine) {
        this.engine = engine;
    }

    @ManagedAttribute(description = "Peer connections open now")
    public int getOpenPeers() {
        return engine.openPeers();
    }

    @ManagedAttribute(description = "factory state, peers created and closed since start")
    public Map<String, Object> getStats() {
        return engine.stats();
    }
}
