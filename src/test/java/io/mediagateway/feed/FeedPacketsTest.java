package io.mediagateway.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import io.mediagateway.video.I420Frame;
import org.junit.jupiter.api.Test;

/**
 * {@link FeedPackets}: the program it announces before passed-through video is exactly the one {@link FeedEncoder}
 * writes (so a player sees one program across switches), and continuity counters run on across both paths.
 */
class FeedPacketsTest {

    private static final int P = 188;

    @Test
    void patAndPmtAreTheEncodersOwnAndCountersContinueAcrossPaths() throws Exception {
        byte[] encoded;
        try (FeedEncoder encoder = new FeedEncoder(320, 240, 30)) {
            encoder.encode(I420Frame.black(320, 240)); // the stream header went out before: the next frame has PAT/PMT
            encoded = encoder.encode(I420Frame.black(320, 240)).bytes();
        }
        FeedPackets packets = new FeedPackets();
        byte[] program = packets.program();

        assertThat(withoutCounter(program, 0)).isEqualTo(withoutCounter(first(encoded, 0x0000), 0));
        assertThat(withoutCounter(program, P)).isEqualTo(withoutCounter(first(encoded, 0x1000), 0));

        byte[] renumbered = packets.encoded(encoded.clone());
        int lastVideoCc = -1;
        int pats = 1; // the program() above
        for (int at = 0; at < renumbered.length; at += P) {
            if (pid(renumbered, at) == 0x100) {
                lastVideoCc = renumbered[at + 3] & 0x0f;
            }
            pats += pid(renumbered, at) == 0 ? 1 : 0;
        }
        byte[] video = Arrays.copyOfRange(renumbered, indexOf(renumbered, 0x100), indexOf(renumbered, 0x100) + P);
        video[1] = (byte) (video[1] & 0xe0 | 0x01);
        video[2] = 0x23; // a publisher's other PID
        byte[] passed = packets.passthrough(video, true);

        assertThat(passed).hasSize(3 * P);
        assertThat(pid(passed, 2 * P)).isEqualTo(0x100);
        assertThat(passed[2 * P + 3] & 0x0f).isEqualTo((lastVideoCc + 1) & 0x0f);
        assertThat(passed[3] & 0x0f).as("PAT counter after the encoder's PAT").isEqualTo(pats & 0x0f);
    }

    private static byte[] first(byte[] ts, int pid) {
        int at = indexOf(ts, pid);
        return Arrays.copyOfRange(ts, at, at + P);
    }

    private static int indexOf(byte[] ts, int pid) {
        for (int at = 0; at < ts.length; at += P) {
            if (pid(ts, at) == pid) {
                return at;
            }
        }
        throw new AssertionError("no packet of PID " + pid);
    }

    private static byte[] withoutCounter(byte[] ts, int at) {
        byte[] packet = Arrays.copyOfRange(ts, at, at + P);
        packet[3] &= (byte) 0xf0;
        return packet;
    }

    private static int pid(byte[] ts, int at) {
        return (ts[at + 1] & 0x1f) << 8 | ts[at + 2] & 0xff;
    }
}
