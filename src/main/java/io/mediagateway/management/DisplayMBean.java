package io.mediagateway.management;

import io.mediagateway.display.XvfbSupervisor;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;

/** The X display supervisor over JMX: whose Xvfb it is and how often it had to be restarted. */
@ManagedResource(objectName = "io.mediagateway:type=Display", description = "X display (Xvfb) supervisor")
public class DisplayMBean {

    private final XvfbSupervisor supervisor;

    public DisplayMBean(XvfbSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    @ManagedAttribute(description = "ATTACHED (someone else's display), OWNED (the gateway's Xvfb) or UNAVAILABLE")
    public String getMode() {
        return supervisor.mode().name();
    }

    @ManagedAttribute(description = "Restarts of the owned Xvfb since the gateway started")
    public int getRestarts() {
        return supervisor.restarts();
    }

    @ManagedAttribute(description = "PID of the owned Xvfb, -1 when attached or unavailable")
    public long getPid() {
        return supervisor.pid().orElse(-1L);
    }
}
