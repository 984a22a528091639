package io.mediagateway.webrtc;

import io.mediagateway.video.I420Frame;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** Hands the publisher's decoded media to its route, synchronously, on the thread libwebrtc delivered it on. */
public class WebRtcConsumer extends DefaultConsumer implements WebRtcIngest.Listener {

    public WebRtcConsumer(WebRtcEndpoint endpoint, Processor processor) {
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
        ((WebRtcEndpoint) getEndpoint()).getIngest().attach(this);
    }

    @Override
    protected void doStop() throws Exception {
        ((WebRtcEndpoint) getEndpoint()).getIngest().detach(this);
        super.doStop();
    }

    private void emit(String kind, Object body) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setHeader(WebRtcConstants.KIND, kind);
            exchange.getMessage().setBody(body);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("webrtc " + kind + " not delivered", exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }
}
