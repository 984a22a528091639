package io.mediagateway.y4m;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import io.mediagateway.video.I420Frame;

/**
 * A bounded, rotating YUV4MPEG2 file of I420 frames: a header ({@code W H F Ip A1:1 C420mpeg2}, BT.601 limited range as
 * the camera's frames are), then {@code FRAME\n} + the picture per frame. When the next frame would pass
 * {@code maxBytes}, the file becomes {@code <name>.1} (replacing the previous one) and a new file starts with its own
 * header: disk use stays under two files' worth, and each file is a complete Y4M. A new size or rate starts afresh too.
 * A file left from before (another writer, a restart) is replaced, not truncated in place.
 */
public final class Y4mFile implements AutoCloseable {

    private static final byte[] FRAME = "FRAME\n".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final long maxBytes;
    private FileChannel channel;
    private int width;
    private int height;
    private int frameRate;
    private long written;
    private long rotations;

    public Y4mFile(Path path, long maxBytes) {
        this.path = path;
        this.maxBytes = maxBytes;
    }

    public Path path() {
        return path;
    }

    public long rotations() {
        return rotations;
    }

    public synchronized void write(I420Frame frame, int fps) throws IOException {
        long frameBytes = FRAME.length + (long) frame.data().length;
        if (channel != null && (frame.width() != width || frame.height() != height || fps != frameRate)) {
            rotate();
        } else if (channel != null && written + frameBytes > maxBytes && written > header().length) {
            rotate();
        }
        if (channel == null) {
            open(frame.width(), frame.height(), fps);
        }
        ByteBuffer[] parts = {ByteBuffer.wrap(FRAME), ByteBuffer.wrap(frame.data())};
        while (parts[1].hasRemaining()) {
            channel.write(parts);
        }
        written += frameBytes;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to save
            }
            channel = null;
        }
    }

    private void open(int w, int h, int fps) throws IOException {
        width = w;
        height = h;
        frameRate = fps;
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        // A new file, never the old one truncated: Chromium's fake capture ends its track for good when the file it
        // reads shrinks under it, while a file that is gone from the directory it just keeps looping.
        Files.deleteIfExists(path);
        channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] header = header();
        channel.write(ByteBuffer.wrap(header));
        written = header.length;
    }

    private void rotate() throws IOException {
        close();
        Files.move(path, path.resolveSibling(path.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        rotations++;
    }

    private byte[] header() {
        return ("YUV4MPEG2 W" + width + " H" + height + " F" + frameRate + ":1 Ip A1:1 C420mpeg2\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
