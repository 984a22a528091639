package io.mediagateway.rtmp;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.buffer.Buffer;

/**
 * One path: its publisher, its players, and what a late player needs to start cleanly — the metadata, the latest
 * AVC/AAC sequence headers and the messages since the last key frame (bounded by {@code gopCacheBytes}; past it the
 * cache is dropped and late players wait for the next key frame). Each media message is chunk-encoded once and the
 * same bytes are written to every player.
 */
final class RtmpStream {

    /** The message stream id the server hands out for every createStream. */
    static final int MEDIA_STREAM_ID = 1;

    private final String path;
    private final int gopCacheBytes;
    private final List<RtmpConnection> players = new ArrayList<>();
    /** Players that joined with no cached key frame: they get no video until the next one. */
    private final List<RtmpConnection> waitingForKeyFrame = new ArrayList<>();
    private final List<Buffer> gop = new ArrayList<>();
    private RtmpConnection publisher;
    private Buffer metadata;
    private Buffer videoHeader;
    private Buffer audioHeader;
    private long gopBytes;
    private boolean gopOpen;

    RtmpStream(String path, int gopCacheBytes) {
        this.path = path;
        this.gopCacheBytes = gopCacheBytes;
    }

    String path() {
        return path;
    }

    synchronized boolean claim(RtmpConnection connection) {
        if (publisher != null) {
            return false;
        }
        publisher = connection;
        for (RtmpConnection player : players) {
            player.sendStreamBegin();
            waitingForKeyFrame.add(player);
        }
        return true;
    }

    /** Ends the publisher's session: players get UnpublishNotify + Stream EOF and stay subscribed for a next one. */
    synchronized boolean release(RtmpConnection connection) {
        if (publisher != connection) {
            return false;
        }
        publisher = null;
        metadata = videoHeader = audioHeader = null;
        clearGop();
        for (RtmpConnection player : players) {
            player.sendUnpublished(path);
        }
        return true;
    }

    synchronized void addPlayer(RtmpConnection player) {
        players.add(player);
        if (publisher == null) {
            return;
        }
        for (Buffer cached : new Buffer[] {metadata, videoHeader, audioHeader}) {
            if (cached != null) {
                player.sendMedia(cached);
            }
        }
        if (gopOpen) {
            gop.forEach(player::sendMedia);
        } else {
            waitingForKeyFrame.add(player);
        }
    }

    synchronized void removePlayer(RtmpConnection player) {
        players.remove(player);
        waitingForKeyFrame.remove(player);
    }

    synchronized boolean idle() {
        return publisher == null && players.isEmpty();
    }

    synchronized int playerCount() {
        return players.size();
    }

    synchronized boolean published() {
        return publisher != null;
    }

    /** A media or metadata message of the publisher: cache what late players need, write it to every player. */
    synchronized void relay(RtmpMessage message) {
        Buffer encoded = ChunkEncoder.encode(new RtmpMessage(message.type(), message.timestamp(), MEDIA_STREAM_ID,
                message.payload()), RtmpConnection.OUT_CHUNK_SIZE);
        boolean video = message.isVideo();
        if (message.type() == RtmpMessage.DATA_AMF0) {
            metadata = encoded;
        } else if (message.isSequenceHeader()) {
            if (video) {
                videoHeader = encoded;
            } else {
                audioHeader = encoded;
            }
        } else if (message.isKeyFrame()) {
            clearGop();
            gopOpen = true;
            waitingForKeyFrame.clear();
            cache(encoded);
        } else if (gopOpen) {
            cache(encoded);
        }
        boolean deltaFrame = video && !message.isKeyFrame() && !message.isSequenceHeader();
        for (RtmpConnection player : players.toArray(new RtmpConnection[0])) {
            if (deltaFrame && waitingForKeyFrame.contains(player)) {
                continue;
            }
            player.sendMedia(encoded);
        }
    }

    private void cache(Buffer encoded) {
        gop.add(encoded);
        gopBytes += encoded.length();
        if (gopBytes > gopCacheBytes) {
            clearGop();
        }
    }

    private void clearGop() {
        gop.clear();
        gopBytes = 0;
        gopOpen = false;
    }
}
