package io.mediagateway.y4m;

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
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code y4m:<name>}: camera frames to a bounded, rotating Y4M file ({@link Y4mFile}), {@code gateway.video.y4m-file}
 * unless the {@code file} parameter says otherwise. Without a file (the default) the producer does nothing.
 */
@UriEndpoint(scheme = "y4m", title = "Y4M camera file", syntax = "y4m:name", producerOnly = true,
        category = Category.FILE)
public class Y4mEndpoint extends DefaultEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Y4mEndpoint.class);

    @UriPath(description = "A name for the output (for route readability and JMX)")
    private String name;
    @UriParam(description = "The Y4M file. Default: gateway.video.y4m-file; none: nothing is written")
    private String file;
    @UriParam(description = "Size at which the file rotates to <file>.1. Default: gateway.video.y4m-max-bytes")
    private long maxBytes;
    @UriParam(description = "The camera (for the frame rate in the header)")
    private VirtualCamera camera;

    Y4mEndpoint(String uri, Component component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        return new Y4mProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("y4m is producer only");
    }

    public String getName() { return name; }
    public String getFile() { return file; }
    public void setFile(String file) { this.file = file; }
    public long getMaxBytes() { return maxBytes; }
    public void setMaxBytes(long maxBytes) { this.maxBytes = maxBytes; }
    public VirtualCamera getCamera() { return camera; }
    public void setCamera(VirtualCamera camera) { this.camera = camera; }

    /** Writes each decoded camera frame; a write failure is logged once and retried with the next file. */
    static final class Y4mProducer extends DefaultProducer {
        private Y4mFile writer;
        private boolean failing;

        Y4mProducer(Y4mEndpoint endpoint) {
            super(endpoint);
        }

        @Override
        public synchronized void process(Exchange exchange) {
            Y4mEndpoint endpoint = (Y4mEndpoint) getEndpoint();
            if (endpoint.file == null || endpoint.file.isBlank()
                    || !(exchange.getMessage().getBody() instanceof I420Frame frame)) {
                return;
            }
            if (writer == null) {
                writer = new Y4mFile(Path.of(endpoint.file), endpoint.maxBytes);
                LOG.info("[virtual-input] camera y4m file={} max_bytes={}", endpoint.file, endpoint.maxBytes);
            }
            VirtualCamera.Settings settings = endpoint.camera == null ? null : endpoint.camera.settings();
            try {
                writer.write(frame, settings == null ? 30 : settings.frameRate());
                failing = false;
            } catch (Exception e) {
                if (!failing) {
                    LOG.warn("[virtual-input] camera y4m write failed file={} error=\"{}\"", endpoint.file, e.getMessage());
                    failing = true;
                }
                writer.close();
            }
        }

        @Override
        protected synchronized void doStop() throws Exception {
            if (writer != null) {
                writer.close();
                writer = null;
            }
            super.doStop();
        }
    }

    /** The {@code y4m} component; its endpoints default to the configured file and bound. */
    public static class Component extends DefaultComponent {
        private final String defaultFile;
        private final long defaultMaxBytes;

        public Component(String defaultFile, long defaultMaxBytes) {
            this.defaultFile = defaultFile;
            this.defaultMaxBytes = defaultMaxBytes;
        }

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
            Y4mEndpoint endpoint = new Y4mEndpoint(uri, this, remaining);
            endpoint.setFile(defaultFile);
            endpoint.setMaxBytes(defaultMaxBytes);
            setProperties(endpoint, parameters);
            return endpoint;
        }
    }
}
