package io.mediagateway.livestream;

import java.util.function.Consumer;
import java.util.function.Supplier;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The one owner of the livestreams' captures and encoders. Every stream of the same display and frame rate shares one
 * screen capture; every stream shares the one sound capture; outputs that need the same encoding of the same capture
 * share one encoder. All are reference counted: created by the first subscriber, closed after the last one left.
 * Stops before the PulseAudio and Xvfb supervisors (they stop last) and after Camel's routes.
 */
public class CaptureSupervisor implements SmartLifecycle {

    /** After the routes (Camel's default phase) and before PulseAudio/Xvfb (lowest phases). */
    public static final int PHASE = Integer.MIN_VALUE + 2000;
    private static final Logger LOG = LoggerFactory.getLogger(CaptureSupervisor.class);

    /** What one encoder encodes: MP3 needs no display (display empty, frame rate 0). */
    public record EncoderKey(Encoding encoding, String display, int frameRate) {
        public static EncoderKey of(Encoding encoding, String display, int frameRate) {
            return encoding.hasVideo() ? new EncoderKey(encoding, display, frameRate) : new EncoderKey(encoding, "", 0);
        }

        @Override
        public String toString() {
            return encoding.id() + (display.isEmpty() ? "" : "@" + display + "/" + frameRate + "fps");
        }
    }

    private record ScreenKey(String display, int frameRate) {
    }

    /** One subscription; closing it releases the encoder (and captures) it used. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final GatewayProperties.Livestream settings;
    private final GatewayProperties.Display displaySettings;
    private final String soundSource;
    private final Supplier<String> pulseServer;
    private final RefCounted<ScreenKey, ScreenCapture> screens = new RefCounted<>(ScreenCapture::close);
    private final RefCounted<String, SoundCapture> sounds = new RefCounted<>(SoundCapture::close);
    private final RefCounted<EncoderKey, StreamEncoder> encoders = new RefCounted<>(StreamEncoder::close);
    private volatile boolean running;

    /** @param pulseServer the PulseAudio server to read from right now (null when none is reachable) */
    public CaptureSupervisor(GatewayProperties gateway, Supplier<String> pulseServer) {
        this.settings = gateway.getLivestream();
        this.displaySettings = gateway.getDisplay();
        this.soundSource = settings.getAudioSource().isEmpty() ? gateway.getPulse().getOutputSink() + ".monitor"
                : settings.getAudioSource();
        this.pulseServer = pulseServer;
    }

    /**
     * Subscribes to the encoder for {@code key}, starting what it needs. Throws a 503 {@link ApiException} when the
     * display or the sound server cannot be opened.
     */
    public synchronized Subscription subscribe(EncoderKey key, Consumer<Object> subscriber) {
        StreamEncoder encoder;
        try {
            encoder = encoders.acquire(key, this::startEncoder);
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw ApiException.unavailable("Cannot start the capture for " + key + ": " + e.getMessage());
        }
        encoder.subscribe(subscriber);
        return new Subscription() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (CaptureSupervisor.this) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    encoder.unsubscribe(subscriber);
                    if (encoders.users(key) == 1) {
                        stopEncoder(key, encoder);
                    }
                    encoders.release(key);
                }
            }
        };
    }

    /** The encoder for {@code key} while one runs, else null (for its state). */
    synchronized StreamEncoder encoder(EncoderKey key) {
        return encoders.get(key);
    }

    public synchronized int screenCaptures() {
        return screens.size();
    }

    public synchronized int encoders() {
        return encoders.size();
    }

    private StreamEncoder startEncoder(EncoderKey key) throws Exception {
        StreamEncoder encoder = new StreamEncoder(key.encoding(), Math.max(1, key.frameRate()), settings, key.toString());
        ScreenKey screenKey = new ScreenKey(key.display(), key.frameRate());
        if (key.encoding().hasVideo()) {
            screens.acquire(screenKey, this::startScreen);
        }
        try {
            sounds.acquire(soundSource, this::startSound).addListener(encoder.sounds);
        } catch (Exception e) {
            if (key.encoding().hasVideo()) {
                screens.release(screenKey);
            }
            throw e;
        }
        if (key.encoding().hasVideo()) {
            screens.get(screenKey).addListener(encoder.pictures);
        }
        LOG.info("[livestream] encoder created encoder={}", key);
        return encoder;
    }

    private void stopEncoder(EncoderKey key, StreamEncoder encoder) {
        if (key.encoding().hasVideo()) {
            ScreenKey screenKey = new ScreenKey(key.display(), key.frameRate());
            ScreenCapture screen = screens.get(screenKey);
            if (screen != null) {
                screen.removeListener(encoder.pictures);
            }
            screens.release(screenKey);
        }
        SoundCapture sound = sounds.get(soundSource);
        if (sound != null) {
            sound.removeListener(encoder.sounds);
        }
        sounds.release(soundSource);
    }

    private ScreenCapture startScreen(ScreenKey key) throws Exception {
        ScreenCapture capture = new ScreenCapture(key.display(), key.frameRate(), displaySettings.getRestartBackoff(),
                displaySettings.getRestartBackoffMax());
        capture.start();
        return capture;
    }

    private SoundCapture startSound(String source) throws Exception {
        if (pulseServer.get() == null) {
            throw ApiException.unavailable("No PulseAudio server is reachable for the stream's sound. Install the "
                    + "'pulseaudio' package (the gateway starts it when gateway.pulse.autostart is on) or set PULSE_SERVER.");
        }
        SoundCapture capture = new SoundCapture(source, pulseServer, displaySettings.getRestartBackoff(),
                displaySettings.getRestartBackoffMax());
        capture.start();
        return capture;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        encoders.closeAll();
        screens.closeAll();
        sounds.closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
