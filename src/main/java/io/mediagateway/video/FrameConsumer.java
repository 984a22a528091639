package io.mediagateway.video;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * A consumer that hands each picture it is given ({@link I420Frame} or {@link Mpeg1Segment}), or other media (PCM), to
 * its route, synchronously, on the caller's thread.
 */
public abstract class FrameConsumer extends DefaultConsumer {

    protected FrameConsumer(Endpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    protected void emit(Object picture) {
        emit(picture, null, null);
    }

    /** Emits {@code body} with one header set (e.g. which kind of media it is), unless {@code header} is null. */
    protected void emit(Object body, String header, Object value) {
        Exchange exchange = createExchange(false);
        try {
            if (header != null) {
                exchange.getMessage().setHeader(header, value);
            }
            exchange.getMessage().setBody(body);
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
