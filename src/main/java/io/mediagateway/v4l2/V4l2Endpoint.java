package io.mediagateway.v4l2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.mediagateway.video.I420Frame;
import io.mediagateway.video.VirtualCamera;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code v4l2:camera}: camera frames to a v4l2 loopback output device (device mode): {@code gateway.video.device} in
 * {@code gateway.video.device-pixel-format} unless the {@code device} / {@code pixelFormat} parameters say otherwise. When the
 * device is missing the producer does nothing (mode is virtual-file) and looks again every few seconds, so a device
 * that appears later (modprobe v4l2loopback) is picked up without a restart.
 */
@UriEndpoint(scheme = "v4l2", title = "v4l2 loopback camera", syntax = "v4l2:device", producerOnly = true,
        category = Category.TRANSFORMATION)
public class V4l2Endpoint extends DefaultEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(V4l2Endpoint.class);
    private static final long RETRY_NANOS = 5_000_000_000L;

    @UriPath(description = "A name for the output (for route readability and JMX)")
    @Metadata(required = true)
    private String name;
    @UriParam(description = "The output device, e.g. /dev/video0. Default: gateway.video.device")
    private String device;
    @UriParam(defaultValue = "yuyv", enums = "yuyv,i420", description = "Pixel format written to the device")
    private String pixelFormat = "yuyv";
    @UriParam(defaultValue = "v4l2", description = "FFmpeg muxer; rawvideo writes the same bytes to a plain file (tests)")
    private String muxer = "v4l2";
    @UriParam(description = "The camera (for the frame rate given to the device)")
    private VirtualCamera camera;

    V4l2Endpoint(String uri, Component component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        return new V4l2Producer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("v4l2 is producer only");
    }

    public String getName() { return name; }
    public String getDevice() { return device; }
    public void setDevice(String device) { this.device = device; }
    public String getPixelFormat() { return pixelFormat; }
    public void setPixelFormat(String pixelFormat) {
        V4l2FrameWriter.PixelFormat.parse(pixelFormat); // fail at route start on a typo, not at the first frame
        this.pixelFormat = pixelFormat;
    }
    public String getMuxer() { return muxer; }
    public void setMuxer(String muxer) { this.muxer = muxer; }
    public VirtualCamera getCamera() { return camera; }
    public void setCamera(VirtualCamera camera) { this.camera = camera; }

    /** Owns the writer: opened on the first frame that finds the device, reopened when the size changes. */
    static final class V4l2Producer extends DefaultProducer {
        private V4l2FrameWriter writer;
        private long nextAttempt;

        V4l2Producer(V4l2Endpoint endpoint) {
            super(endpoint);
        }

        @Override
        public synchronized void process(Exchange exchange) throws Exception {
            if (!(exchange.getMessage().getBody() instanceof I420Frame frame)) {
                return; // passed-through MPEG-1: only ever chosen while no device needs pictures
            }
            V4l2Endpoint endpoint = (V4l2Endpoint) getEndpoint();
            if (writer != null && !writer.fits(frame)) {
                closeWriter();
            }
            if (writer == null) {
                if (System.nanoTime() < nextAttempt) {
                    return;
                }
                nextAttempt = System.nanoTime() + RETRY_NANOS;
                boolean plainFile = !"v4l2".equals(endpoint.muxer);
                if (!plainFile && !Files.exists(Path.of(endpoint.device))) {
                    return; // virtual-file mode
                }
                try {
                    VirtualCamera.Settings settings = endpoint.camera == null ? null : endpoint.camera.settings();
                    writer = new V4l2FrameWriter(endpoint.device, endpoint.muxer,
                            V4l2FrameWriter.PixelFormat.parse(endpoint.pixelFormat), frame.width(), frame.height(),
                            settings == null ? 30 : settings.frameRate());
                    LOG.info("[virtual-input] camera device opened device={} format={} size={}x{}", endpoint.device,
                            endpoint.pixelFormat, frame.width(), frame.height());
                } catch (Exception e) {
                    LOG.warn("[virtual-input] camera device unusable device={} error=\"{}\" (retrying in 5 s)",
                            endpoint.device, e.getMessage());
                    return;
                }
            }
            try {
                writer.write(frame);
            } catch (Exception e) {
                LOG.warn("[virtual-input] camera device write failed device={} error=\"{}\"", endpoint.device, e.getMessage());
                closeWriter();
            }
        }

        @Override
        protected synchronized void doStop() throws Exception {
            closeWriter();
            super.doStop();
        }

        private void closeWriter() {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        }
    }

    /** The {@code v4l2} component; its endpoints default to the configured device and pixel format. */
    public static class Component extends DefaultComponent {
        private final String defaultDevice;
        private final String defaultPixelFormat;

        public Component(String defaultDevice, String defaultPixelFormat) {
            this.defaultDevice = defaultDevice;
            this.defaultPixelFormat = defaultPixelFormat;
        }

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
            V4l2Endpoint endpoint = new V4l2Endpoint(uri, this, remaining);
            endpoint.setDevice(defaultDevice);
            endpoint.setPixelFormat(defaultPixelFormat);
            setProperties(endpoint, parameters);
            return endpoint;
        }
    }
}
