package io.mediagateway.support;

import java.io.IOException;
import java.nio.file.Path;

/** File URLs as a client writes them, and as the gateway echoes them (the file's real path). */
public final class FileUrls {

    private FileUrls() {
    }

    /** {@code file://} + the absolute path, unresolved (symbolic links and all). */
    public static String of(Path file) {
        return "file://" + file.toAbsolutePath();
    }

    /** What the gateway echoes: the URI of the file's real path. */
    public static String real(Path file) throws IOException {
        return file.toRealPath().toUri().toString();
    }
}
