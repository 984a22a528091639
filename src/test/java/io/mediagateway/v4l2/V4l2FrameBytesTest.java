package io.mediagateway.v4l2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.mediagateway.video.I420Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches the v4l2 device, byte for byte. These machines have no v4l2, so the writer's own path is run with the
 * rawvideo muxer into a file: the v4l2 muxer writes exactly these picture bytes to the device.
 */
class V4l2FrameBytesTest {

    @TempDir
    Path dir;

    /** A 4×2 picture with distinct luma per pixel and distinct chroma per 2×2 block. */
    private static I420Frame pattern() {
        byte[] data = new byte[I420Frame.size(4, 2)];
        for (int i = 0; i < 8; i++) {
            data[i] = (byte) (16 + i * 20);         // Y: 16, 36, ... 156
        }
        data[8] = (byte) 60;                         // U of the left block
        data[9] = (byte) 200;                        // U of the right block
        data[10] = (byte) 90;                        // V left
        data[11] = (byte) 240;                       // V right
        return new I420Frame(4, 2, data);
    }

    @Test
    void i420FramesAreWrittenUnchangedOnePictureAfterAnother() throws Exception {
        Path out = dir.resolve("i420.raw");
        try (V4l2FrameWriter writer = new V4l2FrameWriter(out.toString(), "rawvideo", V4l2FrameWriter.PixelFormat.I420, 4, 2, 30)) {
            writer.write(pattern());
            writer.write(I420Frame.black(4, 2));
        }

        byte[] bytes = Files.readAllBytes(out);
        assertThat(bytes).hasSize(2 * V4l2FrameWriter.PixelFormat.I420.frameBytes(4, 2));
        byte[] first = java.util.Arrays.copyOfRange(bytes, 0, 12);
        assertThat(first).isEqualTo(pattern().data());
        assertThat(java.util.Arrays.copyOfRange(bytes, 12, 24)).isEqualTo(I420Frame.black(4, 2).data());
    }

    @Test
    void yuyvInterleavesLumaWithTheBlockChroma() throws Exception {
        Path out = dir.resolve("yuyv.raw");
        try (V4l2FrameWriter writer = new V4l2FrameWriter(out.toString(), "rawvideo", V4l2FrameWriter.PixelFormat.YUYV, 4, 2, 30)) {
            writer.write(pattern());
        }

        byte[] b = Files.readAllBytes(out);
        assertThat(b).hasSize(V4l2FrameWriter.PixelFormat.YUYV.frameBytes(4, 2));
        // row 0: Y0 U Y1 V | Y2 U Y3 V ; 4:2:0 → 4:2:2 repeats each chroma row for both picture rows
        assertThat(unsigned(b, 0, 8)).containsExactly(16, 60, 36, 90, 56, 200, 76, 240);
        assertThat(unsigned(b, 8, 16)).containsExactly(96, 60, 116, 90, 136, 200, 156, 240);
    }

    @Test
    void pixelFormatNamesAreCheckedAtConfigurationTime() {
        assertThat(V4l2FrameWriter.PixelFormat.parse("yuyv")).isEqualTo(V4l2FrameWriter.PixelFormat.YUYV);
        assertThat(V4l2FrameWriter.PixelFormat.parse(" I420 ")).isEqualTo(V4l2FrameWriter.PixelFormat.I420);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> V4l2FrameWriter.PixelFormat.parse("mjpeg"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] unsigned(byte[] bytes, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = bytes[i] & 0xff;
        }
        return out;
    }
}
