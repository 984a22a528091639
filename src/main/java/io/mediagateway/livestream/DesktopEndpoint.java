package io.mediagateway.livestream;

import java.util.Map;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code desktop:<name>?display=:99&framerate=20&encoding=flv-h264-aac}: the desktop (X display pictures and the
 * PulseAudio monitor of audio_output), captured and encoded, as one exchange per {@link Segment} (with
 * {@code encoding=i420-pcm}: per picture, body {@link io.mediagateway.video.I420Frame}, and per block of sound, body
 * PCM {@code byte[]}). Captures and encoders
 * are shared through {@link CaptureSupervisor}: many routes reading the same display, frame rate and encoding cost one
 * capture and one encoder. Starting the consumer opens the inputs, so a missing display fails the route's start.
 */
@UriEndpoint(scheme = "desktop", title = "Desktop capture", syntax = "desktop:name", consumerOnly = true,
        category = Category.NETWORKING)
public class DesktopEndpoint extends DefaultEndpoint implements MultipleConsumersSupport {

    @UriPath(description = "A name for the capture (for route readability and JMX)")
    @Metadata(required = true)
    private String name;
    @UriParam(description = "X display to capture, e.g. :99 (empty for sound-only encodings)")
    private String display = "";
    @UriParam(defaultValue = "20", description = "Pictures per second (1-20)")
    private int framerate = 20;
    @UriParam(enums = "flv-h264-aac,mpegts-mpeg1-mp2,mp3,i420-pcm", description = "What the segments carry (i420-pcm: raw pictures and PCM, not encoded)")
    @Metadata(required = true)
    private String encoding;

    private final CaptureSupervisor captures;

    DesktopEndpoint(String uri, Component component, String name, CaptureSupervisor captures) {
        super(uri, component);
        this.name = name;
        this.captures = captures;
    }

    CaptureSupervisor.EncoderKey key() {
        Encoding parsed = Encoding.byId(encoding).orElseThrow(() -> new IllegalArgumentException(
                "desktop: unknown encoding '" + encoding + "' (flv-h264-aac, mpegts-mpeg1-mp2, mp3 or i420-pcm)"));
        return CaptureSupervisor.EncoderKey.of(parsed, display, framerate);
    }

    /** Every stream of the same display, frame rate and encoding reads this endpoint: its own consumer, one encoder. */
    @Override
    public boolean isMultipleConsumersSupported() {
        return true;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("desktop is consumer only: it reads the display and its sound");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = new DesktopConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getName() { return name; }
    public String getDisplay() { return display; }
    public void setDisplay(String display) { this.display = display; }
    public int getFramerate() { return framerate; }
    public void setFramerate(int framerate) { this.framerate = framerate; }
    public String getEncoding() { return encoding; }
    public void setEncoding(String encoding) { this.encoding = encoding; }

    /** Subscribes to the shared encoder while started; each segment goes through the route in the encoder's thread. */
    static final class DesktopConsumer extends DefaultConsumer {

        private CaptureSupervisor.Subscription subscription;

        DesktopConsumer(DesktopEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            DesktopEndpoint endpoint = (DesktopEndpoint) getEndpoint();
            subscription = endpoint.captures.subscribe(endpoint.key(), this::deliver);
        }

        @Override
        protected void doStop() throws Exception {
            if (subscription != null) {
                subscription.close();
                subscription = null;
            }
            super.doStop();
        }

        private void deliver(Object media) {
            Exchange exchange = createExchange(false);
            try {
                exchange.getMessage().setBody(media);
                getProcessor().process(exchange);
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("desktop segment failed", exchange, exchange.getException());
                }
            } catch (Exception e) {
                getExceptionHandler().handleException("desktop segment failed", exchange, e);
            } finally {
                releaseExchange(exchange, false);
            }
        }
    }

    /** The {@code desktop} component. */
    public static class Component extends DefaultComponent {

        private final CaptureSupervisor captures;

        public Component(CaptureSupervisor captures) {
            this.captures = captures;
        }

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
            DesktopEndpoint endpoint = new DesktopEndpoint(uri, this, remaining, captures);
            setProperties(endpoint, parameters);
            return endpoint;
        }
    }
}
