package io.mediagateway.audio;

import java.util.Optional;

import io.mediagateway.mediasocket.MediaSocketConstants;
import io.mediagateway.mediasocket.MediaSocketFlush;
import io.mediagateway.pulse.PulseAudioSupervisor;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.springframework.context.SmartLifecycle;

/**
 * What the route {@code virtual-audio-ingest} calls (bean {@code audioIngest}): it hands each event of the audio
 * WebSocket to the audio pipeline that is configured right now, if any.
 *
 * <p>The two per-chunk steps ({@link #decode(Exchange)}, {@link #play(Exchange)}) are plain processors (beans
 * {@code audioDecode}, {@code audioPlay}): a chunk arrives every few tens of milliseconds for as long as audio plays,
 * and bean-method binding (method lookup, annotated-parameter conversion, a reflective call) was per-chunk work and
 * more code for the JIT to compile while it plays. Connects and disconnects stay bean-method calls.
 *
 * <p>As a lifecycle bean it closes the running pipeline when the gateway shuts down, after Camel's routes and before
 * the PulseAudio supervisor stops the daemon.
 */
public class AudioSocketIngest implements SmartLifecycle, MediaSocketFlush {

    private volatile AudioSocketPipeline current;
    private volatile boolean running;

    void attach(AudioSocketPipeline pipeline) {
        current = pipeline;
    }

    void detach(AudioSocketPipeline pipeline) {
        if (current == pipeline) {
            current = null;
        }
    }

    /** The open pipeline, if audio is configured as a socket. */
    Optional<AudioSocketPipeline> pipeline() {
        AudioSocketPipeline pipeline = current;
        return pipeline == null || pipeline.isClosed() ? Optional.empty() : Optional.of(pipeline);
    }

    // --- route steps -----------------------------------------------------------------------------------------------

    public void connected(@Header(MediaSocketConstants.CONNECTION_ID) String connection) {
        pipeline().ifPresent(p -> p.connected(connection));
    }

    /** Step {@code virtual-audio-decode}: the MP3 chunk in the body becomes PCM (48 kHz stereo s16le). */
    void decode(Exchange exchange) {
        Message message = exchange.getMessage();
        AudioSocketPipeline pipeline = pipeline().orElse(null);
        message.setBody(pipeline == null ? new byte[0]
                : pipeline.decode(message.getHeader(MediaSocketConstants.CONNECTION_ID, String.class),
                        message.getBody(byte[].class)));
    }

    /** Step {@code virtual-audio-play}: the PCM in the body goes into the real-time pacer, which plays it into the sink. */
    void play(Exchange exchange) {
        pipeline().ifPresent(p -> p.play(exchange.getMessage().getBody(byte[].class)));
    }

    /** A publisher flushed (bean {@code audioIngest} is the socket's {@code flush}): on the event loop, never blocks. */
    @Override
    public void flush(String path, String connection) {
        pipeline().ifPresent(p -> p.flush(connection));
    }

    public void disconnected(@Header(MediaSocketConstants.CONNECTION_ID) String connection,
            @Header(MediaSocketConstants.CLOSE_REASON) String reason) {
        AudioSocketPipeline pipeline = current;
        if (pipeline != null) {
            pipeline.disconnected(connection, reason);
        }
    }

    // --- lifecycle -------------------------------------------------------------------------------------------------

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        AudioSocketPipeline pipeline = current;
        if (pipeline != null) {
            pipeline.close("gateway shutting down");
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PulseAudioSupervisor.PHASE + 100;
    }
}
