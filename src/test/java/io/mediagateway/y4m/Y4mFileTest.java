package io.mediagateway.y4m;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.mediagateway.video.I420Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new writer on a file someone still reads (Chromium's fake capture holds it open) replaces the file instead of
 * truncating it in place: Chromium ends its track for good when its file shrinks (Y4mFakeCaptureChromiumIT, README).
 */
class Y4mFileTest {

    private static final int HEADER = "YUV4MPEG2 W32 H16 F30:1 Ip A1:1 C420mpeg2\n".length();
    private static final int FRAME = 6 + 32 * 16 * 3 / 2;

    @TempDir
    Path dir;

    @Test
    void aRestartedWriterLeavesTheFileAReaderHasOpenIntact() throws Exception {
        Path path = dir.resolve("camera.y4m");
        I420Frame black = I420Frame.black(32, 16);
        try (Y4mFile before = new Y4mFile(path, 1 << 20)) {
            for (int i = 0; i < 3; i++) {
                before.write(black, 30);
            }
        }
        try (FileChannel reader = FileChannel.open(path, StandardOpenOption.READ);
                Y4mFile after = new Y4mFile(path, 1 << 20)) {
            after.write(black, 30);

            assertThat(reader.size()).as("the reader's file").isEqualTo(HEADER + 3L * FRAME);
            assertThat(Files.size(path)).as("the new file").isEqualTo(HEADER + (long) FRAME);
        }
    }
}
