package io.mediagateway.javacv;

import java.util.function.Consumer;

import io.mediagateway.video.FrameConsumer;
import io.mediagateway.video.I420Frame;
import org.apache.camel.Processor;

/** Emits every decoded frame of its decode point, on the decoder's thread (so in decode order). */
public class JavaCvDecodeConsumer extends FrameConsumer {

    private final Consumer<I420Frame> listener = this::emit;

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
