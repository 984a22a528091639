package io.mediagateway.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards each connection of the HTTP port below Vert.x, in its Netty pipeline just above the codec (it stays there
 * after a WebSocket upgrade):
 * <ul>
 * <li>answers, with the API's JSON error, what Vert.x refuses below any handler: a request in an HTTP version other
 * than 1.0/1.1 (Vert.x writes an empty 501) and a body the codec cannot decode, such as a bad chunk size (Vert.x
 * closes the connection without a word); once it has answered, what still arrives is discarded;</li>
 * <li>closes a WebSocket whose peer does not read what is written to it past a bound: Vert.x answers every ping with
 * a pong whether or not the peer reads, so 300 MB of pings never read took 1.2 GB of the gateway's memory;</li>
 * <li>closes a WebSocket whose peer pings more than {@value #MAX_PINGS_PER_SECOND} times a second: keep-alive needs one
 * every few seconds, and answering a flood kept the event loops busy (/health p99 7× idle in bench/hostile-input.sh).</li>
 * </ul>
 * Everything else passes through untouched.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    static final int MAX_PINGS_PER_SECOND = 50;

    private final String unsupportedVersionJson;
    private final String malformedBodyJson;
    private final long maxPendingWebSocketBytes;
    /** A response has been started and not finished: a refusal now would interleave with it, so only close. */
    private boolean responding;
    private boolean refused;
    private long pingWindowStart;
    private int pingsInWindow;

    ConnectionGuard(String unsupportedVersionJson, String malformedBodyJson, long maxPendingWebSocketBytes) {
        this.unsupportedVersionJson = unsupportedVersionJson;
        this.malformedBodyJson = malformedBodyJson;
        this.maxPendingWebSocketBytes = maxPendingWebSocketBytes;
    }

    /** Puts a guard on a new HTTP/1 connection, before Vert.x reads its first byte (connection handlers run then). */
    static void install(HttpConnection connection, String unsupportedVersionJson, String malformedBodyJson,
            long maxPendingWebSocketBytes) {
        if (connection instanceof ConnectionBase base && base.channelHandlerContext().pipeline().get("handler") != null) {
            base.channelHandlerContext().pipeline().addBefore("handler", "connectionGuard",
                    new ConnectionGuard(unsupportedVersionJson, malformedBodyJson, maxPendingWebSocketBytes));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()
                && request.protocolVersion() != HttpVersion.HTTP_1_1 && request.protocolVersion() != HttpVersion.HTTP_1_0) {
            refuse(ctx, msg, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, unsupportedVersionJson);
            return;
        }
        // a head the codec could not decode (a FullHttpRequest, itself content) goes on to the invalid-request handler
        if (!(msg instanceof HttpRequest) && msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            refuse(ctx, msg, HttpResponseStatus.BAD_REQUEST, malformedBodyJson);
            return;
        }
        if (msg instanceof PingWebSocketFrame && tooManyPings()) {
            ReferenceCountUtil.release(msg);
            refused = true;
            LOG.warn("[http] closing websocket remote={} reason=\"more than {} pings a second\"",
                    ctx.channel().remoteAddress(), MAX_PINGS_PER_SECOND);
            ctx.writeAndFlush(new CloseWebSocketFrame(1008, "too many pings")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean tooManyPings() {
        long now = System.nanoTime();
        if (now - pingWindowStart > 1_000_000_000L) {
            pingWindowStart = now;
            pingsInWindow = 0;
        }
        return ++pingsInWindow > MAX_PINGS_PER_SECOND;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse) {
            responding = true;
        }
        if (msg instanceof LastHttpContent) {
            responding = false;
        }
        super.write(ctx, msg, promise);
        if (msg instanceof WebSocketFrame && !refused) {
            ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
            if (pending != null && pending.totalPendingWriteBytes() > maxPendingWebSocketBytes) {
                refused = true;
                LOG.warn("[http] closing websocket remote={} reason=\"peer does not read\" pending-write-bytes={}",
                        ctx.channel().remoteAddress(), pending.totalPendingWriteBytes());
                ctx.close();
            }
        }
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, HttpResponseStatus status, String json) {
        ReferenceCountUtil.release(msg);
        refused = true;
        if (responding) {
            ctx.close();
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
