package io.mediagateway.video;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * A consumer that hands each picture it is given ({@link I420Frame} or {@link Mpeg1Segment}) to its route,
 * synchronously, on the caller's thread.
 */
public abstract class FrameConsumer extends DefaultConsumer {

    protected FrameConsumer(Endpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    protected void emit(Object picture) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(picture);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("frame not delivered by " + getEndpoint().getEndpointUri(),
                        exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }
}
