package io.mediagateway.source;

import io.mediagateway.video.FrameConsumer;
import io.mediagateway.video.I420Frame;
import org.apache.camel.Processor;

/** Hands each decoded picture or PCM chunk to its route, synchronously, on the grabber thread that decoded it. */
public class SourceConsumer extends FrameConsumer implements SourceIngest.Listener {

    public SourceConsumer(SourceEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public void video(I420Frame frame) {
        emit(frame, SourceConstants.KIND, "video");
    }

    @Override
    public void audio(byte[] pcm) {
        if (pcm.length > 0) {
            emit(pcm, SourceConstants.KIND, "audio");
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ((SourceEndpoint) getEndpoint()).getIngest().attach(this);
    }

    @Override
    protected void doStop() throws Exception {
        ((SourceEndpoint) getEndpoint()).getIngest().detach(this);
        super.doStop();
    }
}
