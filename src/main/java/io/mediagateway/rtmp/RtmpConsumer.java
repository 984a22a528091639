package io.mediagateway.rtmp;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Listens to one path and emits its events (and media, when asked) in order on a serial executor of its own, so a
 * slow route never blocks the server's event loops: media past {@code mediaQueueSize} waiting is dropped and counted.
 */
public class RtmpConsumer extends DefaultConsumer implements RtmpListener {

    private final RtmpServer server;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong droppedMedia = new AtomicLong();
    private ExecutorService serial;

    public RtmpConsumer(RtmpEndpoint endpoint, Processor processor, RtmpServer server) {
        super(endpoint, processor);
        this.server = server;
    }

    @Override
    public RtmpEndpoint getEndpoint() {
        return (RtmpEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        serial = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "rtmp-" + getEndpoint().getPath());
        server.streams().addListener(this);
    }

    @Override
    protected void doStop() throws Exception {
        server.streams().removeListener(this);
        if (serial != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(serial);
            serial = null;
        }
        super.doStop();
    }

    /** Media messages dropped because the route fell behind. */
    public long droppedMedia() {
        return droppedMedia.get();
    }

    @Override
    public String path() {
        return getEndpoint().getPath();
    }

    @Override
    public boolean wantsMedia() {
        return getEndpoint().isMedia();
    }

    @Override
    public void onEvent(RtmpEvent event) {
        submit(() -> emit(exchange -> {
            exchange.getMessage().setHeader(RtmpConstants.EVENT, event.type());
            exchange.getMessage().setHeader(RtmpConstants.REMOTE_ADDRESS, event.remoteAddress());
            exchange.getMessage().setHeader(RtmpConstants.DETAIL, event.detail());
        }));
    }

    @Override
    public void onMedia(RtmpMessage message) {
        if (waiting.incrementAndGet() > getEndpoint().getMediaQueueSize()) {
            waiting.decrementAndGet();
            droppedMedia.incrementAndGet();
            return;
        }
        submit(() -> {
            waiting.decrementAndGet();
            emit(exchange -> {
                exchange.getMessage().setHeader(RtmpConstants.EVENT, RtmpConstants.MEDIA);
                exchange.getMessage().setHeader(RtmpConstants.MESSAGE_TYPE, message.type());
                exchange.getMessage().setHeader(RtmpConstants.TIMESTAMP, message.timestamp());
                exchange.getMessage().setHeader(RtmpConstants.KEY_FRAME, message.isKeyFrame() && !message.isSequenceHeader());
                exchange.getMessage().setBody(message.payload().getBytes());
            });
        });
    }

    /** Called on I/O threads: after stop, events are let go. */
    private void submit(Runnable task) {
        ExecutorService executor = serial;
        if (executor == null) {
            return;
        }
        try {
            executor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the consumer is stopping
        }
    }

    private void emit(java.util.function.Consumer<Exchange> fill) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setHeader(RtmpConstants.PATH, path());
            fill.accept(exchange);
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("rtmp " + path() + " event failed", exchange, exchange.getException());
            }
        } catch (Exception e) {
            getExceptionHandler().handleException("rtmp " + path() + " event failed", exchange, e);
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
