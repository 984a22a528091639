package io.mediagateway.management;

import io.mediagateway.rtmp.RtmpServer;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;

/** The embedded RTMP server over JMX. */
@ManagedResource(objectName = "io.mediagateway:type=RtmpServer", description = "Embedded RTMP server")
public class RtmpServerMBean {

    private final RtmpServer server;

    public RtmpServerMBean(RtmpServer server) {
        this.server = server;
    }

    @ManagedAttribute(description = "The bound port, -1 while not listening")
    public int getPort() {
        return server.port();
    }

    @ManagedAttribute(description = "Why it is not listening, empty when it is")
    public String getLastError() {
        return server.listening() || server.lastError() == null ? "" : server.lastError();
    }

    @ManagedAttribute(description = "Open RTMP connections (publishers and players)")
    public int getConnections() {
        return server.connectionCount();
    }

    @ManagedOperation(description = "Whether a publisher is live on a path, e.g. live/default")
    @ManagedOperationParameter(name = "path", description = "app/stream, e.g. live/default")
    public boolean isPublished(String path) {
        return server.streams().isPublished(path);
    }

    @ManagedOperation(description = "Players of a path")
    @ManagedOperationParameter(name = "path", description = "app/stream, e.g. live/default")
    public int players(String path) {
        return server.streams().playerCount(path);
    }
}
