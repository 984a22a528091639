package io.mediagateway.audio;

import java.util.Optional;

import io.mediagateway.mediasocket.MediaSocketConstants;
import io.mediagateway.pulse.PulseAudioSupervisor;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.context.SmartLifecycle;

/**
 * What the route {@code virtual-audio-ingest} calls (bean {@code audioIngest}): it hands each event of the audio
 * WebSocket to the audio pipeline that is configured right now, if any.
 *
 * <p>As a lifecycle bean it closes the running pipeline when the gateway shuts down, after Camel's routes and before
 * the PulseAudio supervisor stops the daemon.
 */
public class AudioSocketIngest implements SmartLifecycle {

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

    /** MP3 chunk in, PCM (48 kHz stereo s16le) out. */
    public byte[] decode(@Header(MediaSocketConstants.CONNECTION_ID) String connection, @Body byte[] chunk) {
        return pipeline().map(p -> p.decode(connection, chunk)).orElse(new byte[0]);
    }

    /** PCM into the real-time pacer, which plays it into the sink. */
    public void play(@Body byte[] pcm) {
        pipeline().ifPresent(p -> p.play(pcm));
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
