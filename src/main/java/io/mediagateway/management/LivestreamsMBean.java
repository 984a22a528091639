package io.mediagateway.management;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.livestream.LivestreamApi;
import io.mediagateway.livestream.LivestreamService;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;

/** Livestreams over JMX: what GET /stream/list shows, and stop for an operator. */
@ManagedResource(objectName = "io.mediagateway:type=Livestreams", description = "Livestreams of the desktop")
public class LivestreamsMBean {

    private final LivestreamService service;
    private final LivestreamApi api;
    private final ObjectMapper json;

    public LivestreamsMBean(LivestreamService service, LivestreamApi api, ObjectMapper json) {
        this.service = service;
        this.api = api;
        this.json = json;
    }

    @ManagedAttribute(description = "Streams running now")
    public int getCount() {
        return service.list().size();
    }

    @ManagedAttribute(description = "Every stream's StreamInfo, as GET /stream/list answers it (JSON)")
    public String getStreams() throws JsonProcessingException {
        return json.writeValueAsString(api.list(Map.of()));
    }

    @ManagedOperation(description = "Stop a stream (its viewers are disconnected); false when no stream has that id")
    @ManagedOperationParameter(name = "id", description = "the stream id")
    public boolean stop(String id) {
        if (service.find(id).isEmpty()) {
            return false;
        }
        service.stop(id);
        return true;
    }
}
