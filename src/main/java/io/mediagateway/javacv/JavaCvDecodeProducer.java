package io.mediagateway.javacv;

import io.mediagateway.mediasocket.MediaSocketConstants;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Feeds a decode point in order: connected starts a fresh stream, data is written, disconnected ends it. */
public class JavaCvDecodeProducer extends DefaultProducer {

    public JavaCvDecodeProducer(JavaCvEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public JavaCvEndpoint getEndpoint() {
        return (JavaCvEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        JavaCvEndpoint endpoint = getEndpoint();
        String event = exchange.getMessage().getHeader(MediaSocketConstants.EVENT, MediaSocketConstants.DATA, String.class);
        switch (event) {
            case MediaSocketConstants.CONNECTED -> endpoint.channel().begin(endpoint.getCamera(), endpoint.getStats(),
                    endpoint.getFramesNeeded());
            case MediaSocketConstants.DISCONNECTED -> endpoint.channel().end();
            default -> {
                byte[] chunk = exchange.getMessage().getMandatoryBody(byte[].class);
                endpoint.channel().write(chunk, endpoint.getCamera(), endpoint.getStats(), endpoint.getFramesNeeded());
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().channel().end();
        super.doStop();
    }
}
