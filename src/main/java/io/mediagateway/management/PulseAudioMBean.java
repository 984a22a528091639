package io.mediagateway.management;

import io.mediagateway.pulse.PulseAudioSupervisor;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;

/** The PulseAudio supervisor over JMX: whose daemon it is, where it is, how often it had to be restarted. */
@ManagedResource(objectName = "io.mediagateway:type=PulseAudio", description = "PulseAudio runtime supervisor")
public class PulseAudioMBean {

    private final PulseAudioSupervisor supervisor;

    public PulseAudioMBean(PulseAudioSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    @ManagedAttribute(description = "ATTACHED (someone else's server), OWNED (the gateway's child) or UNAVAILABLE")
    public String getMode() {
        return supervisor.mode().name();
    }

    @ManagedAttribute(description = "The server address clients use, empty when none")
    public String getServer() {
        return supervisor.server().orElse("");
    }

    @ManagedAttribute(description = "Why there is no server, empty when there is one")
    public String getUnavailability() {
        return supervisor.unavailability().orElse("");
    }

    @ManagedAttribute(description = "Restarts of the owned daemon since the gateway started")
    public int getRestarts() {
        return supervisor.restarts();
    }

    @ManagedAttribute(description = "PID of the owned daemon, -1 when attached or unavailable")
    public long getDaemonPid() {
        return supervisor.daemonPid().orElse(-1L);
    }
}
