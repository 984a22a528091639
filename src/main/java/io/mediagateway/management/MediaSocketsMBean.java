package io.mediagateway.management;

import static io.mediagateway.virtualinput.VirtualInputsStatus.AUDIO_SOCKET_PATH;
import static io.mediagateway.virtualinput.VirtualInputsStatus.VIDEO_SOCKET_PATH;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.mediasocket.MediaSocketRegistry;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;

/** Who is connected: ingest publishers per WebSocket path and live-feed viewers; an operator can disconnect them. */
@ManagedResource(objectName = "io.mediagateway:type=MediaSockets", description = "Ingest publishers and feed viewers")
public class MediaSocketsMBean {

    private final MediaSocketRegistry sockets;
    private final FeedBroadcaster feed;

    public MediaSocketsMBean(MediaSocketRegistry sockets, FeedBroadcaster feed) {
        this.sockets = sockets;
        this.feed = feed;
    }

    @ManagedAttribute(description = "Publishers connected to " + VIDEO_SOCKET_PATH)
    public int getVideoPublishers() {
        return sockets.count(VIDEO_SOCKET_PATH);
    }

    @ManagedAttribute(description = "Publishers connected to " + AUDIO_SOCKET_PATH)
    public int getAudioPublishers() {
        return sockets.count(AUDIO_SOCKET_PATH);
    }

    @ManagedAttribute(description = "Viewers of the live feed socket")
    public int getFeedViewers() {
        return feed.viewers();
    }

    @ManagedAttribute(description = "Feed viewers disconnected for falling behind")
    public long getSlowFeedViewersDropped() {
        return feed.slowViewersDropped();
    }

    @ManagedOperation(description = "Close every publisher on a WebSocket path (close code 1000 with the reason); returns how many")
    @ManagedOperationParameter(name = "path", description = "e.g. " + VIDEO_SOCKET_PATH)
    @ManagedOperationParameter(name = "reason", description = "close reason the publisher sees")
    public int disconnectPublishers(String path, String reason) {
        return sockets.close(path, reason == null || reason.isBlank() ? "disconnected by an operator" : reason);
    }
}
