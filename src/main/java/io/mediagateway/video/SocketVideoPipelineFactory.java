package io.mediagateway.video;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.mediagateway.feed.FeedBroadcaster;
import io.mediagateway.mediasocket.MediaSocketRegistry;
import io.mediagateway.virtualinput.MediaKind;
import io.mediagateway.virtualinput.SourceType;
import io.mediagateway.virtualinput.VideoInput;
import io.mediagateway.virtualinput.VirtualInputConfig;
import io.mediagateway.virtualinput.VirtualInputsStatus;
import io.mediagateway.virtualinput.pipeline.IngestPipeline;
import io.mediagateway.virtualinput.pipeline.IngestPipelineFactory;

/**
 * Socket video: the route {@code virtual-video-ingest} (media-socket → javacv:decode → camera → feed) is always
 * there; this pipeline turns the camera on at the configured size and rate, pauses it, and closes publishers.
 */
public class SocketVideoPipelineFactory implements IngestPipelineFactory {

    private final VirtualCamera camera;
    private final VideoIngestStats stats;
    private final FeedBroadcaster feed;
    private final MediaSocketRegistry sockets;

    public SocketVideoPipelineFactory(VirtualCamera camera, VideoIngestStats stats, FeedBroadcaster feed,
            MediaSocketRegistry sockets) {
        this.camera = camera;
        this.stats = stats;
        this.feed = feed;
        this.sockets = sockets;
    }

    @Override
    public Set<MediaKind> accepts(VirtualInputConfig config) {
        return config.type(MediaKind.VIDEO) == SourceType.SOCKET ? EnumSet.of(MediaKind.VIDEO) : EnumSet.noneOf(MediaKind.class);
    }

    @Override
    public IngestPipeline create(VirtualInputConfig config, Set<MediaKind> kinds) {
        return new Pipeline(config.video());
    }

    private final class Pipeline implements IngestPipeline {
        private final VideoInput video;

        Pipeline(VideoInput video) {
            this.video = video;
        }

        @Override
        public Set<MediaKind> kinds() {
            return EnumSet.of(MediaKind.VIDEO);
        }

        @Override
        public void start() {
            stats.reset();
            camera.start(VirtualCamera.Settings.of(video));
        }

        @Override
        public void setPaused(boolean paused) {
            camera.setPaused(paused);
        }

        @Override
        public void close(String reason) {
            sockets.close(VirtualInputsStatus.VIDEO_SOCKET_PATH, reason);
            camera.stop();
        }

        @Override
        public Map<String, Object> stats(MediaKind kind) {
            Map<String, Object> all = new LinkedHashMap<>(stats.snapshot());
            all.putAll(camera.stats());
            all.put("publishers", sockets.count(VirtualInputsStatus.VIDEO_SOCKET_PATH));
            all.put("feed_viewers", feed.viewers());
            all.put("slow_feed_viewers_dropped", feed.slowViewersDropped());
            return all;
        }

        @Override
        public Optional<String> lastError() {
            return Optional.ofNullable(stats.lastError());
        }
    }
}
