package io.mediagateway.javacv;

import java.util.function.Consumer;

import io.mediagateway.video.I420Frame;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** Emits every decoded frame of its decode point, on the decoder's thread (so in decode order). */
public class JavaCvDecodeConsumer extends DefaultConsumer {

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

    private void emit(I420Frame frame) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(frame);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("decoded frame not delivered", exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }
}
