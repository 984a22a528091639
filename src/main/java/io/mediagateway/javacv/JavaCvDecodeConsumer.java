package io.mediagateway.javacv;

import java.util.function.Consumer;

import io.mediagateway.video.FrameConsumer;
import org.apache.camel.Processor;

/**
 * Emits what its decode point produces, in order: decoded frames (on the decoder's thread) or passed-through MPEG-1
 * segments (on the publisher's thread).
 */
public class JavaCvDecodeConsumer extends FrameConsumer {

    private final Consumer<Object> listener = this::emit;

    public JavaCvDecodeConsumer(JavaCvEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public JavaCvEndpoint getEndpoint() {
        return (JavaCvEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().channel().addListener(listener);
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().channel().removeListener(listener);
        super.doStop();
    }
}
