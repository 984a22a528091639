package io.mediagateway.support;

import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.virtualinput.VirtualInputService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** Base for API tests: a client on the gateway's port, and virtual inputs stopped before each test. */
@GatewayTest
public abstract class GatewayTestSupport {

    public static final String CONFIGURE = "/input/devices/virtual/configure";
    public static final String STATUS = "/input/devices/virtual/status";
    public static final String PAUSE = "/input/devices/virtual/pause";
    public static final String RESUME = "/input/devices/virtual/resume";
    public static final String STOP = "/input/devices/virtual/stop";

    @Autowired
    protected GatewayHttpServer httpServer;

    @Autowired
    protected VirtualInputService virtualInputs;

    protected ApiClient api;

    @BeforeEach
    void connectAndReset() {
        api = new ApiClient(httpServer.port());
        virtualInputs.stop();
    }
}
