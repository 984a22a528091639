package io.mediagateway.rtmp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection: the simple handshake (ffmpeg, ffplay and OBS accept it; only Flash Player wants the digest
 * variant), then chunks, then the NetConnection/NetStream commands of a publisher or a player. Input is handled on
 * the connection's event loop; media from a publisher on another loop reaches players through {@link #sendMedia},
 * which drops a player whose unsent bytes exceed {@code gateway.rtmp.player-queue-bytes} rather than slow anyone.
 * What the decoder holds of unfinished messages counts against the server-wide {@link PendingBudget}; a session
 * that is neither publishing nor playing is closed after {@code gateway.rtmp.idle-timeout} (live ones never are).
 */
final class RtmpConnection {

    static final int OUT_CHUNK_SIZE = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(RtmpConnection.class);
    private static final int HANDSHAKE_SIZE = 1536;
    private static final int RTMP_VERSION = 3;
    private static final int WINDOW_ACK_SIZE = 2_500_000;
    private static final int MAX_PATH_LENGTH = 256;

    private enum State { C0_C1, C2, CHUNKS }

    private final NetSocket socket;
    private final RtmpServer server;
    private final String remote;
    private final Context context;
    private final ChunkDecoder decoder;
    private final PendingBudget.Account pendingBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private State state = State.C0_C1;
    private Buffer handshake = Buffer.buffer(HANDSHAKE_SIZE * 2 + 1);
    private String app;
    private String appKey;
    private RtmpStream publishing;
    private RtmpStream playing;
    private long bytesIn;
    private long lastAck;
    private long peerWindow;
    private long idleTimer = -1;
    private volatile boolean closed;

    RtmpConnection(NetSocket socket, RtmpServer server) {
        this.socket = socket;
        this.server = server;
        this.remote = socket.remoteAddress().host();
        this.context = server.vertx().getOrCreateContext(); // the connect handler runs on the connection's context
        this.decoder = new ChunkDecoder(server.settings().getMaxMessageBytes(), this::onMessage);
        this.pendingBytes = server.pendingBudget().account();
    }

    void start() {
        socket.handler(this::onData);
        socket.exceptionHandler(e -> { // a peer going away (reset) is not its fault to log as an error
            leave("socket error: " + e.getMessage());
            socket.close();
        });
        socket.closeHandler(v -> onClosed());
        server.vertx().setTimer(server.settings().getConnectTimeout().toMillis(), id -> {
            if (app == null && !closed) {
                fail("no handshake and connect within " + server.settings().getConnectTimeout());
            }
        });
    }

    String remote() {
        return remote;
    }

    /** Closes at once, discarding unsent bytes (gateway shutdown, too-slow players). */
    void close() {
        ((NetSocketInternal) socket).channelHandlerContext().channel().close();
    }

    private void onData(Buffer data) {
        if (closed) {
            return;
        }
        try {
            bytesIn += data.length();
            if (state == State.CHUNKS) {
                decoder.feed(data);
            } else {
                handshake(data);
            }
            if (!pendingBytes.hold(decoder.heldBytes(), publishing != null)) {
                failOverBudget();
                return;
            }
            if (peerWindow > 0 && bytesIn - lastAck >= peerWindow) {
                lastAck = bytesIn;
                send(RtmpMessage.control(RtmpMessage.ACKNOWLEDGEMENT, Buffer.buffer(4).appendUnsignedInt(bytesIn & 0xFFFFFFFFL)));
            }
        } catch (RtmpProtocolException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            fail("malformed input: " + e);
        }
    }

    private void handshake(Buffer data) {
        handshake.appendBuffer(data);
        if (state == State.C0_C1) {
            int version = handshake.getUnsignedByte(0);
            if (version != RTMP_VERSION) {
                throw new RtmpProtocolException("bad handshake: version byte " + version + " (plain RTMP is version 3; RTMPE/RTMPT are not supported)");
            }
            if (handshake.length() < 1 + HANDSHAKE_SIZE) {
                return;
            }
            Buffer reply = Buffer.buffer(1 + 2 * HANDSHAKE_SIZE).appendByte((byte) RTMP_VERSION);
            byte[] random = new byte[HANDSHAKE_SIZE - 8];
            ThreadLocalRandom.current().nextBytes(random);
            // S1: time, four zero bytes (so ffmpeg skips digest validation), random; S2: the echo of C1
            reply.appendInt(0).appendInt(0).appendBytes(random).appendBuffer(handshake, 1, HANDSHAKE_SIZE);
            send(reply);
            handshake = handshake.getBuffer(1 + HANDSHAKE_SIZE, handshake.length());
            state = State.C2;
        }
        if (handshake.length() >= HANDSHAKE_SIZE) {
            Buffer rest = handshake.getBuffer(HANDSHAKE_SIZE, handshake.length());
            handshake = null;
            state = State.CHUNKS;
            decoder.feed(rest);
        }
    }

    private void onMessage(RtmpMessage message) {
        Buffer payload = message.payload();
        switch (message.type()) {
            case RtmpMessage.WINDOW_ACK_SIZE -> peerWindow = payload.length() >= 4 ? payload.getUnsignedInt(0) : 0;
            case RtmpMessage.USER_CONTROL -> {
                if (payload.length() >= 6 && payload.getUnsignedShort(0) == RtmpMessage.PING_REQUEST) {
                    send(RtmpMessage.userControl(RtmpMessage.PING_RESPONSE, payload.getInt(2)));
                }
            }
            case RtmpMessage.COMMAND_AMF0 -> command(Amf0.decodeAll(payload));
            case RtmpMessage.COMMAND_AMF3 -> command(Amf0.decodeAll(payload.getBuffer(Math.min(1, payload.length()), payload.length())));
            case RtmpMessage.AUDIO, RtmpMessage.VIDEO -> media(message);
            case RtmpMessage.DATA_AMF0 -> data(message, payload);
            case RtmpMessage.DATA_AMF3 -> data(message, payload.getBuffer(Math.min(1, payload.length()), payload.length()));
            default -> {
                // chunk size and abort were applied by the decoder; acknowledgements and bandwidth need nothing
            }
        }
    }

    private void command(List<Object> values) {
        if (values.size() < 2 || !(values.get(0) instanceof String name)) {
            throw new RtmpProtocolException("command without a name and transaction id");
        }
        double transaction = values.get(1) instanceof Number n ? n.doubleValue() : 0;
        if (app == null && !"connect".equals(name)) {
            throw new RtmpProtocolException("command " + name + " before connect");
        }
        switch (name) {
            case "connect" -> connect(transaction, values.size() > 2 && values.get(2) instanceof Map<?, ?> m ? m : Map.of());
            case "createStream" -> reply(transaction, null, (double) RtmpStream.MEDIA_STREAM_ID);
            case "releaseStream", "FCPublish" -> {
                if (transaction > 0) {
                    reply(transaction, null, null);
                }
            }
            case "getStreamLength" -> reply(transaction, null, 0.0); // live: no length
            case "publish" -> publish(stringAt(values, 3));
            case "play" -> play(stringAt(values, 3));
            case "deleteStream", "closeStream", "FCUnpublish" -> leave("the client ended it with " + name);
            default -> LOG.debug("[rtmp] ignoring command {} from {}", name, remote);
        }
    }

    private void connect(double transaction, Map<?, ?> properties) {
        if (app != null) {
            throw new RtmpProtocolException("second connect on one connection");
        }
        String requested = properties.get("app") instanceof String s ? s : "";
        String tcUrl = properties.get("tcUrl") instanceof String s ? s : "";
        app = stripSlashes(beforeQuery(requested));
        appKey = keyIn(requested);
        if (appKey == null) {
            appKey = keyIn(tcUrl);
        }
        send(RtmpMessage.control(RtmpMessage.WINDOW_ACK_SIZE, Buffer.buffer(4).appendInt(WINDOW_ACK_SIZE)));
        send(RtmpMessage.control(RtmpMessage.SET_PEER_BANDWIDTH, Buffer.buffer(5).appendInt(WINDOW_ACK_SIZE).appendByte((byte) 2)));
        send(RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, Buffer.buffer(4).appendInt(OUT_CHUNK_SIZE)));
        reply(transaction, ordered("fmsVer", "FMS/3,0,1,123", "capabilities", 31.0),
                ordered("level", "status", "code", "NetConnection.Connect.Success", "description", "Connection succeeded.",
                        "objectEncoding", 0.0));
        startIdleTimer();
    }

    private void publish(String name) {
        String path = pathOf(name);
        if (publishing != null || playing != null) {
            refuse("NetStream.Publish.BadName", "this connection already publishes or plays " + path);
            return;
        }
        if (path == null) {
            refuse("NetStream.Publish.BadName", "invalid stream name \"" + name + "\"");
            return;
        }
        String key = keyIn(name);
        var refusal = server.policy().refusal(remote, key != null ? key : appKey);
        if (refusal.isPresent()) {
            refuse("NetStream.Publish.Unauthorized", refusal.get() + " (path " + path + ")");
            return;
        }
        RtmpStream stream = server.streams().publish(path, this);
        if (stream == null) {
            refuse("NetStream.Publish.BadName", path + " already has a publisher");
            return;
        }
        publishing = stream;
        stopIdleTimer();
        send(RtmpMessage.userControl(RtmpMessage.STREAM_BEGIN, RtmpStream.MEDIA_STREAM_ID));
        status("status", "NetStream.Publish.Start", path + " is now published.");
        LOG.info("[rtmp] publish started path={} remote={}", path, remote);
        server.streams().fire(new RtmpEvent(RtmpEvent.PUBLISHED, path, remote, null));
    }

    private void play(String name) {
        String path = pathOf(name);
        if (publishing != null || playing != null || path == null) {
            status("error", "NetStream.Play.StreamNotFound", path == null ? "invalid stream name \"" + name + "\"" : "this connection already publishes or plays");
            return;
        }
        send(RtmpMessage.userControl(RtmpMessage.STREAM_BEGIN, RtmpStream.MEDIA_STREAM_ID));
        status("status", "NetStream.Play.Reset", "Playing and resetting " + path + ".");
        status("status", "NetStream.Play.Start", "Started playing " + path + ".");
        send(new RtmpMessage(RtmpMessage.DATA_AMF0, 0, RtmpStream.MEDIA_STREAM_ID, Amf0.encode("|RtmpSampleAccess", true, true)));
        playing = server.streams().play(path, this);
        stopIdleTimer();
        LOG.info("[rtmp] play started path={} remote={} published={}", path, remote, playing.published());
        server.streams().fire(new RtmpEvent(RtmpEvent.PLAY_STARTED, path, remote, null));
    }

    private void media(RtmpMessage message) {
        if (publishing != null) {
            publishing.relay(message);
            server.streams().media(publishing.path(), message);
        }
    }

    /** Only onMetaData is relayed (what players need); {@code @setDataFrame} is the publisher's wrapper around it. */
    private void data(RtmpMessage message, Buffer payload) {
        if (publishing == null) {
            return;
        }
        Buffer body = startsWithString(payload, "@setDataFrame") ? payload.getBuffer(16, payload.length()) : payload;
        if (startsWithString(body, "onMetaData")) {
            RtmpMessage metadata = new RtmpMessage(RtmpMessage.DATA_AMF0, message.timestamp(), message.streamId(), body);
            publishing.relay(metadata);
            server.streams().media(publishing.path(), metadata);
        }
    }

    /** Called from the publisher's thread: a chunk-encoded media message shared by all players. */
    void sendMedia(Buffer encoded) {
        if (closed || dropped.get()) {
            return;
        }
        if (queuedBytes.get() + encoded.length() > server.settings().getPlayerQueueBytes()) {
            if (dropped.compareAndSet(false, true)) {
                LOG.warn("[rtmp] player too slow, dropped path={} remote={} queued-bytes={}",
                        playing == null ? "?" : playing.path(), remote, queuedBytes.get());
                // on the player's own loop (we may be inside the stream's lock here); the queued bytes are discarded:
                // a plain close would wait for a reader that is not reading
                context.runOnContext(v -> {
                    leave("too slow");
                    close();
                });
            }
            return;
        }
        send(encoded);
    }

    void sendStreamBegin() {
        send(RtmpMessage.userControl(RtmpMessage.STREAM_BEGIN, RtmpStream.MEDIA_STREAM_ID));
    }

    void sendUnpublished(String path) {
        status("status", "NetStream.Play.UnpublishNotify", path + " is now unpublished.");
        send(RtmpMessage.userControl(RtmpMessage.STREAM_EOF, RtmpStream.MEDIA_STREAM_ID));
    }

    private void reply(double transaction, Object properties, Object information) {
        send(new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, 0, Amf0.encode("_result", transaction, properties, information)));
    }

    private void status(String level, String code, String description) {
        send(new RtmpMessage(RtmpMessage.COMMAND_AMF0, 0, RtmpStream.MEDIA_STREAM_ID,
                Amf0.encode("onStatus", 0.0, null, ordered("level", level, "code", code, "description", description))));
    }

    /** Tells the client why (onStatus error), then closes once that is written. */
    private void refuse(String code, String description) {
        LOG.warn("[rtmp] publish refused remote={} code={} reason=\"{}\"", remote, code, description);
        status("error", code, description);
        socket.write(Buffer.buffer()).onComplete(done -> socket.close());
    }

    private void send(RtmpMessage message) {
        send(ChunkEncoder.encode(message, OUT_CHUNK_SIZE));
    }

    private void send(Buffer bytes) {
        int length = bytes.length();
        queuedBytes.addAndGet(length);
        socket.write(bytes).onComplete(done -> queuedBytes.addAndGet(-length));
    }

    private void leave(String why) {
        if (!closed && (publishing != null || playing != null)) {
            startIdleTimer(); // a session that ended its stream but stays connected is idle again
        }
        if (publishing != null) {
            RtmpStream stream = publishing;
            publishing = null;
            if (server.streams().unpublish(stream, this)) {
                LOG.info("[rtmp] publish ended path={} remote={} reason=\"{}\"", stream.path(), remote, why);
                server.streams().fire(new RtmpEvent(RtmpEvent.UNPUBLISHED, stream.path(), remote, why));
            }
        }
        if (playing != null) {
            RtmpStream stream = playing;
            playing = null;
            server.streams().stopPlaying(stream, this);
            LOG.info("[rtmp] play ended path={} remote={} reason=\"{}\"", stream.path(), remote, why);
            server.streams().fire(new RtmpEvent(RtmpEvent.PLAY_STOPPED, stream.path(), remote, why));
        }
    }

    private void fail(String why) {
        if (!closed) {
            LOG.warn("[rtmp] closing connection remote={} error=\"{}\"", remote, why);
            closeFor(why);
        }
    }

    /** The server-wide budget is spent (by others too): this connection goes, those within it stay. */
    private void failOverBudget() {
        LOG.warn("[rtmp] closing connection remote={} error=\"server-wide pending bytes over budget\" pending-bytes={} "
                        + "server-pending-bytes={} max-pending-bytes={}", remote, decoder.heldBytes(),
                server.pendingBudget().total(), server.pendingBudget().limit());
        closeFor("server-wide pending bytes over budget");
    }

    private void closeFor(String why) {
        closed = true;
        leave(why);
        socket.close();
    }

    /** (Re)starts the countdown of a session that neither publishes nor plays; on the connection's event loop. */
    private void startIdleTimer() {
        stopIdleTimer();
        long timeout = server.settings().getIdleTimeout().toMillis();
        idleTimer = server.vertx().setTimer(timeout, id -> {
            if (idleTimer == id && publishing == null && playing == null) {
                fail("neither publishing nor playing for " + server.settings().getIdleTimeout());
            }
        });
    }

    private void stopIdleTimer() {
        if (idleTimer >= 0) {
            server.vertx().cancelTimer(idleTimer);
            idleTimer = -1;
        }
    }

    private void onClosed() {
        leave(dropped.get() ? "too slow" : "connection closed");
        closed = true;
        stopIdleTimer();
        decoder.release();
        pendingBytes.release();
        server.forget(this);
    }

    /** {@code app/name} without queries; null when empty, too long or with characters a path should not have. */
    private String pathOf(String name) {
        String stream = name == null ? "" : stripSlashes(beforeQuery(name));
        String path = app.isEmpty() ? stream : app + "/" + stream;
        if (stream.isEmpty() || path.length() > MAX_PATH_LENGTH || !path.matches("[A-Za-z0-9._~/-]+") || path.contains("..")) {
            return null;
        }
        return path;
    }

    private static String stringAt(List<Object> values, int index) {
        return values.size() > index && values.get(index) instanceof String s ? s : null;
    }

    private static String beforeQuery(String s) {
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private static String stripSlashes(String s) {
        return s.replaceAll("^/+|/+$", "");
    }

    /** The value of {@code key=} in the query part of a name, app or URL; null when absent. */
    static String keyIn(String s) {
        if (s == null || s.indexOf('?') < 0) {
            return null;
        }
        for (String pair : s.substring(s.indexOf('?') + 1).split("&")) {
            if (pair.startsWith("key=")) {
                return java.net.URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean startsWithString(Buffer payload, String s) {
        int n = s.length();
        return payload.length() >= 3 + n && payload.getUnsignedByte(0) == 0x02 && payload.getUnsignedShort(1) == n
                && payload.getString(3, 3 + n, "US-ASCII").equals(s);
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
