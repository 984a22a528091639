package io.mediagateway.virtualinput;

import java.util.Map;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.http.JsonBodyReader;
import io.mediagateway.http.PublicUrls;
import io.mediagateway.runtime.SystemParts;
import org.apache.camel.Body;
import org.apache.camel.Headers;

/** What the virtual-input REST routes call: request body and headers in, status out (the route renders JSON). */
public class VirtualInputApi {

    /** pause/resume/stop take no fields; an empty body or {} is fine, anything else is named and refused. */
    record NoFields() {
    }

    private final VirtualInputService service;
    private final VirtualInputValidator validator;
    private final JsonBodyReader bodies;
    private final SystemParts system;
    private final GatewayProperties gateway;
    private final GatewayHttpServer http;

    public VirtualInputApi(VirtualInputService service, VirtualInputValidator validator, JsonBodyReader bodies,
            SystemParts system, GatewayProperties gateway, GatewayHttpServer http) {
        this.service = service;
        this.validator = validator;
        this.bodies = bodies;
        this.system = system;
        this.gateway = gateway;
        this.http = http;
    }

    public VirtualInputsStatus configure(@Body byte[] body, @Headers Map<String, Object> headers) {
        VirtualInputConfig config = validator.validate(bodies.read(body, VirtualInputsRequest.class));
        return render(service.configure(config), headers);
    }

    public VirtualInputsStatus status(@Headers Map<String, Object> headers) {
        return render(service.current(), headers);
    }

    public VirtualInputsStatus pause(@Body byte[] body, @Headers Map<String, Object> headers) {
        bodies.read(body, NoFields.class);
        return render(service.pause(), headers);
    }

    public VirtualInputsStatus resume(@Body byte[] body, @Headers Map<String, Object> headers) {
        bodies.read(body, NoFields.class);
        return render(service.resume(), headers);
    }

    public VirtualInputsStatus stop(@Body byte[] body, @Headers Map<String, Object> headers) {
        bodies.read(body, NoFields.class);
        return render(service.stop(), headers);
    }

    private VirtualInputsStatus render(VirtualInputService.Session session, Map<String, Object> headers) {
        return VirtualInputsStatus.of(session, system.cameraMode(), gateway, PublicUrls.of(gateway, http.port(), headers));
    }
}
