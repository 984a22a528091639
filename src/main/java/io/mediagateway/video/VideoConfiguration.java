package io.mediagateway.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.mediagateway.camera.CameraComponent;
import io.mediagateway.config.GatewayProperties;
import io.mediagateway.feed.FeedApi;
import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.feed.FeedEndpoint;
import io.mediagateway.http.GatewayHttpServer;
import io.mediagateway.javacv.FfmpegLog;
import io.mediagateway.javacv.JavaCvComponent;
import io.mediagateway.mediasocket.MediaSocketGate;
import io.mediagateway.v4l2.V4l2Endpoint;
import io.mediagateway.y4m.Y4mEndpoint;
import io.mediagateway.mediasocket.MediaSocketRegistry;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.SourceType;
import io.mediagateway.virtualinput.VirtualInputService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The video side: camera, feed, their Camel components, and the socket-video pipeline. */
@Configuration(proxyBeanMethods = false)
public class VideoConfiguration {

    /** FFmpeg's log level, set before any grabber or recorder opens. */
    @Bean
    public FfmpegLog ffmpegLog(GatewayProperties gateway) {
        return FfmpegLog.apply(gateway.getFfmpegLogLevel());
    }

    @Bean(destroyMethod = "close")
    public VirtualCamera virtualCamera(GatewayProperties gateway) {
        return new VirtualCamera(gateway.getVideo().getStaleAfter());
    }

    @Bean
    public VideoIngestStats videoIngestStats() {
        return new VideoIngestStats();
    }

    @Bean(destroyMethod = "close")
    public FeedBroadcaster feedBroadcaster(VirtualCamera camera, GatewayProperties gateway, GatewayHttpServer http) {
        FeedBroadcaster feed = new FeedBroadcaster(camera, gateway.getVideo().getFeedViewerQueueBytes());
        feed.attach(http);
        return feed;
    }

    @Bean
    public SocketVideoPipelineFactory socketVideoPipelineFactory(VirtualCamera camera, VideoIngestStats stats,
            FeedBroadcaster feed, MediaSocketRegistry sockets) {
        return new SocketVideoPipelineFactory(camera, stats, feed, sockets);
    }

    /** Publishers may connect only while video is configured as socket. */
    @Bean
    public MediaSocketGate videoSocketGate(VirtualInputService virtualInputs) {
        return path -> virtualInputs.current().config() != null
                && virtualInputs.current().config().type(MediaKind.VIDEO) == SourceType.SOCKET ? Optional.empty()
                : Optional.of("Video is not configured as socket. POST /input/devices/virtual/configure with "
                        + "{\"video\":{\"type\":\"socket\"}} first.");
    }

    @Bean
    public FeedApi feedApi(VirtualInputService virtualInputs, GatewayProperties gateway, GatewayHttpServer http) {
        return new FeedApi(virtualInputs, gateway, http);
    }

    @Bean("v4l2")
    public V4l2Endpoint.Component v4l2Component(GatewayProperties gateway) {
        return new V4l2Endpoint.Component(gateway.getVideo().getDevice().toString(), gateway.getVideo().getDevicePixelFormat());
    }

    /**
     * Whether something needs decoded camera pictures now: the v4l2 camera device exists (device mode), or the camera is
     * written to a Y4M file. Then MPEG-1 input is decoded, not passed through.
     */
    @Bean
    public BooleanSupplier cameraNeedsDecodedFrames(GatewayProperties gateway) {
        return () -> Files.exists(gateway.getVideo().getDevice()) || gateway.getVideo().getY4mFile() != null;
    }

    @Bean("y4m")
    public Y4mEndpoint.Component y4mComponent(GatewayProperties gateway) {
        Path file = gateway.getVideo().getY4mFile();
        return new Y4mEndpoint.Component(file == null ? null : file.toAbsolutePath().toString(),
                gateway.getVideo().getY4mMaxBytes());
    }

    @Bean("javacv")
    public JavaCvComponent javacvComponent() {
        return new JavaCvComponent();
    }

    @Bean("camera")
    public CameraComponent cameraComponent() {
        return new CameraComponent();
    }

    @Bean("feed")
    public FeedEndpoint.Component feedComponent() {
        return new FeedEndpoint.Component();
    }
}
