package io.mediagateway.source;

import io.mediagateway.audio.AudioPacer;
import io.mediagateway.video.I420Frame;

/**
 * The bridge between the configured sources and the route (bean {@code sourceIngest}): grabbers hand it what they
 * decode, it passes that on to the {@code source:} consumer only while their pipeline is the open one (a grabber
 * still winding down after a reconfigure never reaches the new session's camera), and the route's audio step comes
 * back through {@link #play} into that pipeline's pacer.
 */
public class SourceIngest {

    /** What the {@code source:} consumer does with media: hand it to its route. */
    public interface Listener {
        void video(I420Frame frame);

        void audio(byte[] pcm);
    }

    private volatile Listener listener;
    private volatile Object open;
    private volatile AudioPacer pacer;

    void attach(Listener consumer) {
        listener = consumer;
    }

    void detach(Listener consumer) {
        if (listener == consumer) {
            listener = null;
        }
    }

    /** Makes {@code session} the pipeline whose media flows; its audio (if any) plays through {@code audio}. */
    void open(Object session, AudioPacer audio) {
        pacer = audio;
        open = session;
    }

    void close(Object session) {
        if (open == session) {
            open = null;
            pacer = null;
        }
    }

    /** False when nothing took the picture (another session is open, or the route is stopped). */
    boolean video(Object session, I420Frame frame) {
        Listener current = listener;
        if (open != session || current == null) {
            return false;
        }
        current.video(frame);
        return true;
    }

    boolean audio(Object session, byte[] pcm) {
        Listener current = listener;
        if (open != session || current == null) {
            return false;
        }
        current.audio(pcm);
        return true;
    }

    /** Route step {@code virtual-source-play}: PCM into the open pipeline's real-time pacer. */
    public void play(byte[] pcm) {
        AudioPacer current = pacer;
        if (current != null) {
            current.offer(pcm);
        }
    }
}
