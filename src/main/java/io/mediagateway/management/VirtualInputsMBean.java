package io.mediagateway.management;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.virtualinput.VirtualInputApi;
import io.mediagateway.virtualinput.VirtualInputService;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedResource;

/** The virtual inputs over JMX: what the REST status shows, and pause/resume/stop for an operator. */
@ManagedResource(objectName = "io.mediagateway:type=VirtualInputs", description = "Virtual camera and microphone inputs")
public class VirtualInputsMBean {

    private final VirtualInputService service;
    private final VirtualInputApi api;
    private final ObjectMapper json;

    public VirtualInputsMBean(VirtualInputService service, VirtualInputApi api, ObjectMapper json) {
        this.service = service;
        this.api = api;
        this.json = json;
    }

    @ManagedAttribute(description = "idle, running or paused")
    public String getState() {
        return service.current().state().id();
    }

    @ManagedAttribute(description = "The last configure failure or pipeline error, empty when none")
    public String getLastError() {
        return service.current().lastError().orElse("");
    }

    @ManagedAttribute(description = "The full status, as GET /input/devices/virtual/status answers it (JSON)")
    public String getStatus() throws JsonProcessingException {
        return json.writeValueAsString(api.status(Map.of()));
    }

    @ManagedOperation(description = "Black frames and silence; publishers stay connected")
    public String pause() {
        return service.pause().state().id();
    }

    @ManagedOperation(description = "Live again after a pause")
    public String resume() {
        return service.resume().state().id();
    }

    @ManagedOperation(description = "Stop the virtual inputs and disconnect their publishers")
    public String stop() {
        return service.stop().state().id();
    }
}
