package io.mediagateway.source;

import io.mediagateway.video.I420Frame;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** Hands each decoded picture or PCM chunk to its route, synchronously, on the grabber thread that decoded it. */
public class SourceConsumer extends DefaultConsumer implements SourceIngest.Listener {

    public SourceConsumer(SourceEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public void video(I420Frame frame) {
        emit("video", frame);
    }

    @Override
    public void audio(byte[] pcm) {
        if (pcm.length > 0) {
            emit("audio", pcm);
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

    private void emit(String kind, Object body) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setHeader(SourceConstants.KIND, kind);
            exchange.getMessage().setBody(body);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("source " + kind + " not delivered", exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }
}
