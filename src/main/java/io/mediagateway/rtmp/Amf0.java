package io.mediagateway.rtmp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.buffer.Buffer;

/**
 * AMF0, the encoding of RTMP commands and metadata. Values map to Java as: number → Double, boolean → Boolean,
 * string → String, object / ECMA array → Map, strict array → List, null / undefined → null. Decoding is bounded
 * (nesting depth, and every length is checked against what is left) so garbage fails fast with
 * {@link RtmpProtocolException}.
 */
public final class Amf0 {

    private static final int NUMBER = 0x00;
    private static final int BOOLEAN = 0x01;
    private static final int STRING = 0x02;
    private static final int OBJECT = 0x03;
    private static final int NULL = 0x05;
    private static final int UNDEFINED = 0x06;
    private static final int ECMA_ARRAY = 0x08;
    private static final int OBJECT_END = 0x09;
    private static final int STRICT_ARRAY = 0x0A;
    private static final int DATE = 0x0B;
    private static final int LONG_STRING = 0x0C;
    private static final int MAX_DEPTH = 16;

    private Amf0() {
    }

    /** Every value in the payload, in order. */
    public static List<Object> decodeAll(Buffer payload) {
        Reader reader = new Reader(payload);
        List<Object> values = new ArrayList<>();
        while (reader.position < payload.length()) {
            values.add(reader.value(0));
        }
        return values;
    }

    public static Buffer encode(Object... values) {
        Buffer out = Buffer.buffer(128);
        for (Object value : values) {
            write(out, value);
        }
        return out;
    }

    private static void write(Buffer out, Object value) {
        if (value == null) {
            out.appendByte((byte) NULL);
        } else if (value instanceof Number number) {
            out.appendByte((byte) NUMBER).appendDouble(number.doubleValue());
        } else if (value instanceof Boolean bool) {
            out.appendByte((byte) BOOLEAN).appendByte((byte) (bool ? 1 : 0));
        } else if (value instanceof String string) {
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0xFFFF) {
                out.appendByte((byte) LONG_STRING).appendInt(bytes.length).appendBytes(bytes);
            } else {
                out.appendByte((byte) STRING).appendUnsignedShort(bytes.length).appendBytes(bytes);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.appendByte((byte) OBJECT);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                byte[] key = String.valueOf(entry.getKey()).getBytes(StandardCharsets.UTF_8);
                out.appendUnsignedShort(key.length).appendBytes(key);
                write(out, entry.getValue());
            }
            out.appendUnsignedShort(0).appendByte((byte) OBJECT_END);
        } else if (value instanceof List<?> list) {
            out.appendByte((byte) STRICT_ARRAY).appendInt(list.size());
            list.forEach(item -> write(out, item));
        } else {
            throw new IllegalArgumentException("no AMF0 encoding for " + value.getClass().getName());
        }
    }

    private static final class Reader {
        private final Buffer in;
        private int position;

        Reader(Buffer in) {
            this.in = in;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new RtmpProtocolException("AMF0 nested deeper than " + MAX_DEPTH);
            }
            int marker = in.getUnsignedByte(need(1));
            return switch (marker) {
                case NUMBER -> in.getDouble(need(8));
                case BOOLEAN -> in.getByte(need(1)) != 0;
                case STRING -> string(in.getUnsignedShort(need(2)));
                case LONG_STRING -> string(length(in.getInt(need(4))));
                case NULL, UNDEFINED -> null;
                case OBJECT -> properties(depth);
                case ECMA_ARRAY -> {
                    need(4); // the count is a hint only; the properties end with the object-end marker
                    yield properties(depth);
                }
                case STRICT_ARRAY -> {
                    int count = length(in.getInt(need(4)));
                    List<Object> list = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        list.add(value(depth + 1));
                    }
                    yield list;
                }
                case DATE -> {
                    double millis = in.getDouble(need(8));
                    need(2); // time zone, unused
                    yield millis;
                }
                default -> throw new RtmpProtocolException("unknown AMF0 type marker 0x" + Integer.toHexString(marker));
            };
        }

        private Map<String, Object> properties(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                int keyLength = in.getUnsignedShort(need(2));
                if (keyLength == 0 && position < in.length() && in.getUnsignedByte(position) == OBJECT_END) {
                    position++;
                    return map;
                }
                String key = string(keyLength);
                map.put(key, value(depth + 1));
            }
        }

        private String string(int length) {
            return in.getString(need(length), position, StandardCharsets.UTF_8.name());
        }

        /** A count or length can never exceed the bytes left (every element takes at least one). */
        private int length(int declared) {
            if (declared < 0 || declared > in.length() - position) {
                throw new RtmpProtocolException("AMF0 length " + declared + " exceeds the " + (in.length() - position) + " bytes left");
            }
            return declared;
        }

        /** Claims n bytes; returns where they start. */
        private int need(int n) {
            if (n > in.length() - position) {
                throw new RtmpProtocolException("AMF0 value truncated");
            }
            int start = position;
            position += n;
            return start;
        }
    }
}
