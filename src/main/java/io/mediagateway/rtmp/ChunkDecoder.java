package io.mediagateway.rtmp;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Joins incoming chunks (header types 0-3, extended timestamps) into messages, applying Set Chunk Size and Abort
 * as they arrive. Bounded: a declared message length over {@code maxMessageBytes}, a chunk size over it, more than
 * {@value #MAX_CHUNK_STREAMS} chunk streams or more than two maximal messages' worth of bytes held at once throw
 * {@link RtmpProtocolException}. Memory follows the bytes that arrived, never the lengths a peer declares: a message
 * buffer starts at its first chunk and grows as chunks come (at most doubling, capped at the declared length), so a
 * header declaring 4 MiB followed by one 128-byte chunk costs about 128 bytes. {@link #heldBytes} is what the
 * connection reports to the server-wide budget. Unparsed input never exceeds one chunk.
 */
final class ChunkDecoder {

    static final int DEFAULT_CHUNK_SIZE = 128;
    private static final int MAX_CHUNK_STREAMS = 64;
    private static final int[] HEADER_LENGTH = {11, 7, 3, 0};
    private static final int INPUT_BUFFER = 4096;
    /** Input room kept after a large chunk passed through; past it the buffer shrinks back to {@link #INPUT_BUFFER}. */
    private static final int KEEP_INPUT_BUFFER = 64 * 1024;

    private final int maxMessageBytes;
    private final Consumer<RtmpMessage> sink;
    private final long maxHeldBytes;
    private final ByteBuf pending = Unpooled.buffer(INPUT_BUFFER);
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    /** Payload bytes received of the messages not complete yet (what their buffers hold). */
    private long partialBytes;

    /** Per chunk stream: the last header (what later compressed headers inherit) and the message being joined. */
    private static final class ChunkStream {
        long timestamp;
        long timestampField;
        int length;
        int type;
        int streamId;
        boolean extended;
        /** The payload so far; null between messages. */
        ByteBuf partial;
    }

    ChunkDecoder(int maxMessageBytes, Consumer<RtmpMessage> sink) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxHeldBytes = 2L * maxMessageBytes;
        this.sink = sink;
    }

    void feed(Buffer data) {
        pending.writeBytes(data.getByteBuf());
        while (readChunk()) {
            // each complete message went to the sink
        }
        // parsing only moves bytes from the input to message buffers, so what is held grows by one read at most
        if (heldBytes() > maxHeldBytes) {
            throw new RtmpProtocolException("unfinished messages hold " + heldBytes() + " bytes, over twice gateway.rtmp.max-message-bytes="
                    + maxMessageBytes);
        }
        pending.discardSomeReadBytes();
        if (pending.capacity() > KEEP_INPUT_BUFFER && pending.readableBytes() <= INPUT_BUFFER) {
            // a large chunk passed through: do not keep its room for the rest of the session
            pending.discardReadBytes();
            pending.capacity(INPUT_BUFFER);
        }
    }

    void release() {
        pending.release();
        streams.clear();
        partialBytes = 0;
    }

    /** Bytes received and not yet handed on: unfinished messages plus the unparsed rest of the input. */
    long heldBytes() {
        return partialBytes + pending.readableBytes();
    }

    /** Bytes allocated for them (buffer capacities): at most about twice {@link #heldBytes}, plus the input buffer. */
    long allocatedBytes() {
        long bytes = pending.capacity();
        for (ChunkStream stream : streams.values()) {
            bytes += stream.partial == null ? 0 : stream.partial.capacity();
        }
        return bytes;
    }

    int chunkSize() {
        return chunkSize;
    }

    /** Reads one whole chunk, or nothing (leaving the input untouched) when it has not fully arrived. */
    private boolean readChunk() {
        int start = pending.readerIndex();
        if (!pending.isReadable()) {
            return false;
        }
        int first = pending.readUnsignedByte();
        int fmt = first >> 6;
        int csid = first & 0x3F;
        if (csid == 0) {
            if (!pending.isReadable()) {
                return rewind(start);
            }
            csid = 64 + pending.readUnsignedByte();
        } else if (csid == 1) {
            if (pending.readableBytes() < 2) {
                return rewind(start);
            }
            csid = 64 + pending.readUnsignedShortLE();
        }
        if (pending.readableBytes() < HEADER_LENGTH[fmt]) {
            return rewind(start);
        }
        ChunkStream stream = streams.get(csid);
        if (stream == null) {
            if (fmt != 0) {
                throw new RtmpProtocolException("chunk stream " + csid + " starts with a type " + fmt + " header");
            }
            if (streams.size() >= MAX_CHUNK_STREAMS) {
                throw new RtmpProtocolException("more than " + MAX_CHUNK_STREAMS + " chunk streams");
            }
        }
        long field = -1;
        int length = stream == null ? 0 : stream.length;
        int type = stream == null ? 0 : stream.type;
        int streamId = stream == null ? 0 : stream.streamId;
        if (fmt <= 2) {
            field = pending.readUnsignedMedium();
        }
        if (fmt <= 1) {
            length = pending.readUnsignedMedium();
            type = pending.readUnsignedByte();
        }
        if (fmt == 0) {
            streamId = pending.readIntLE();
        }
        boolean extended = fmt <= 2 ? field == 0xFFFFFF : stream.extended;
        long extendedValue = 0;
        if (extended) {
            if (pending.readableBytes() < 4) {
                return rewind(start);
            }
            extendedValue = pending.readUnsignedInt();
        }
        if (field == 0xFFFFFF) {
            field = extendedValue;
        }
        boolean continuation = stream != null && stream.partial != null;
        if (continuation && fmt != 3) {
            throw new RtmpProtocolException("chunk stream " + csid + ": type " + fmt + " header inside an unfinished message");
        }
        if (length > maxMessageBytes) {
            throw new RtmpProtocolException("message of " + length + " bytes exceeds gateway.rtmp.max-message-bytes=" + maxMessageBytes);
        }
        int received = continuation ? stream.partial.readableBytes() : 0;
        int n = Math.min(chunkSize, length - received);
        if (pending.readableBytes() < n) {
            return rewind(start);
        }

        // the whole chunk is here: commit
        if (stream == null) {
            stream = new ChunkStream();
            streams.put(csid, stream);
        }
        if (!continuation) {
            if (fmt == 0) {
                stream.timestamp = field;
            } else {
                stream.timestamp = (stream.timestamp + (fmt == 3 ? stream.timestampField : field)) & 0xFFFFFFFFL;
            }
            if (fmt != 3) {
                stream.timestampField = field;
            }
            stream.length = length;
            stream.type = type;
            stream.streamId = streamId;
            stream.extended = extended;
            // sized for this chunk, not the declared length: the rest may never come
            stream.partial = Unpooled.buffer(n, length);
        }
        stream.partial.writeBytes(pending, n);
        partialBytes += n;
        if (stream.partial.readableBytes() == stream.length) {
            Buffer payload = Buffer.buffer(stream.partial);
            stream.partial = null;
            partialBytes -= stream.length;
            deliver(new RtmpMessage(stream.type, stream.timestamp, stream.streamId, payload));
        }
        return true;
    }

    private void deliver(RtmpMessage message) {
        if (message.type() == RtmpMessage.SET_CHUNK_SIZE) {
            long size = message.payload().length() >= 4 ? message.payload().getUnsignedInt(0) : -1;
            if (size < 1 || size > maxMessageBytes) {
                throw new RtmpProtocolException("chunk size " + size + " out of range 1.." + maxMessageBytes);
            }
            chunkSize = (int) size;
        } else if (message.type() == RtmpMessage.ABORT && message.payload().length() >= 4) {
            ChunkStream aborted = streams.get(message.payload().getInt(0));
            if (aborted != null && aborted.partial != null) {
                partialBytes -= aborted.partial.readableBytes();
                aborted.partial = null;
            }
        }
        sink.accept(message);
    }

    private boolean rewind(int start) {
        pending.readerIndex(start);
        return false;
    }
}
