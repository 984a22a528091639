package io.mediagateway.support;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/** A permessage-deflate payload that inflates a thousand times or more: what a decompression bomb sends. */
public final class DeflateBomb {

    private DeflateBomb() {
    }

    /** {@code size} bytes of 0x01, raw-deflated as permessage-deflate sends them (trailing 00 00 FF FF removed). */
    public static byte[] of(int size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] ones = new byte[1024 * 1024];
        Arrays.fill(ones, (byte) 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int fed = 0; fed < size; fed += ones.length) {
            deflater.setInput(ones);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
            }
        }
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }
}
