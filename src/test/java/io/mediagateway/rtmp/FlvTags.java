package io.mediagateway.rtmp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tags of an FLV file (what an ffmpeg player copied): enough to see what a player received first. */
record FlvTags(List<Tag> tags) {

    record Tag(int type, long timestamp, byte[] body) {
        boolean video() {
            return type == 9;
        }

        boolean keyFrame() {
            return video() && body.length > 0 && (body[0] & 0xF0) >> 4 == 1;
        }

        boolean sequenceHeader() {
            return body.length > 1 && body[1] == 0;
        }
    }

    static FlvTags read(Path flv) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(flv));
        in.position(in.getInt(5) + 4); // header, then PreviousTagSize0
        List<Tag> tags = new ArrayList<>();
        while (in.remaining() >= 11) {
            int type = in.get() & 0x1F;
            int size = (in.get() & 0xFF) << 16 | (in.get() & 0xFF) << 8 | (in.get() & 0xFF);
            long timestamp = (in.get() & 0xFF) << 16 | (in.get() & 0xFF) << 8 | (in.get() & 0xFF) | (long) (in.get() & 0xFF) << 24;
            in.position(in.position() + 3);
            if (in.remaining() < size + 4) {
                break;
            }
            byte[] body = new byte[size];
            in.get(body);
            in.getInt();
            tags.add(new Tag(type, timestamp, body));
        }
        return new FlvTags(tags);
    }

    /** The first video tag that is a frame (not the decoder configuration). */
    Tag firstVideoFrame() {
        return tags.stream().filter(t -> t.video() && !t.sequenceHeader()).findFirst().orElseThrow();
    }
}
