package io.mediagateway.javacv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import io.mediagateway.support.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TsPacketAligner}: arbitrary chunks in, whole 188-byte TS packets out; everything that is not a packet is
 * dropped and counted. Checked on real MPEG-TS (made by the bundled ffmpeg) and on synthetic packets, under many
 * ways of cutting the same bytes into chunks.
 */
class TsPacketAlignerTest {

    private static final int P = TsPacketAligner.PACKET;

    /** A way of cutting bytes into chunks, named for the test report. */
    record Chunking(String name, Function<byte[], List<byte[]>> cut) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What the aligner made of a whole input. */
    record Result(byte[] out, long garbage, List<byte[]> outputs) {
    }

    static Stream<Chunking> chunkings() {
        return Stream.of(
                new Chunking("one chunk", data -> List.of(data)),
                new Chunking("1-byte chunks", data -> fixed(data, 1)),
                new Chunking("187-byte chunks", data -> fixed(data, 187)),
                new Chunking("188-byte chunks", data -> fixed(data, 188)),
                new Chunking("189-byte chunks", data -> fixed(data, 189)),
                new Chunking("4096-byte chunks", data -> fixed(data, 4096)),
                new Chunking("random splits (seed 1)", data -> randomSplits(data, 1, 700)),
                new Chunking("random splits (seed 2)", data -> randomSplits(data, 2, 60)),
                new Chunking("random splits (seed 3)", data -> randomSplits(data, 3, 5000)));
    }

    // --- whole packets ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void realMpegTsPassesByteForByteWhateverTheChunking(Chunking chunking) {
        byte[] ts = TestMedia.mpeg1Ts("red", 320, 240, 30, 1);
        assertThat(ts.length % P).isZero();

        Result result = run(chunking, ts);

        assertThat(result.out()).isEqualTo(ts);
        assertThat(result.garbage()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void syntheticPacketsWithSyncBytesInTheirPayloadPassUntouched(Chunking chunking) {
        // payloads full of 0x47: only the packet grid may decide where packets start
        byte[] packets = packets(40, 11, 0.2);

        Result result = run(chunking, packets);

        assertThat(labels(result.out(), packets)).isEqualTo(labels(packets, packets));
        assertThat(result.garbage()).isZero();
    }

    // --- garbage ---------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void garbageBeforeTheFirstPacketIsDroppedAndCountedExactly(Chunking chunking) {
        byte[] garbage = garbage(1000, 5);
        byte[] packets = packets(20, 6, 0.05);

        Result result = run(chunking, concat(garbage, packets));

        assertThat(labels(result.out(), packets)).isEqualTo(labels(packets, packets));
        assertThat(result.garbage()).isEqualTo(garbage.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void garbageBetweenPacketsIsDroppedAndCountedExactly(Chunking chunking) {
        byte[] first = packets(10, 7, 0.05);
        byte[] garbage = garbage(333, 8);
        byte[] second = packets(10, 9, 0.05);

        Result result = run(chunking, concat(first, garbage, second));

        assertThat(labels(result.out(), first, second)).as("packets out")
                .isEqualTo(labels(concat(first, second), first, second));
        assertThat(result.garbage()).isEqualTo(garbage.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void garbageAfterTheLastPacketIsDroppedAndEveryPacketPasses(Chunking chunking) {
        byte[] packets = packets(10, 10, 0.05);
        byte[] garbage = garbage(1000, 12);

        Result result = run(chunking, concat(packets, garbage));

        assertThat(labels(result.out(), packets)).as("packets out").isEqualTo(labels(packets, packets));
        // up to 187 trailing bytes may still be held back, waiting for more data
        assertThat(result.garbage()).isBetween((long) garbage.length - (P - 1), (long) garbage.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void aPacketCutShortIsDroppedAndTheWholePacketsAroundItPass(Chunking chunking) {
        byte[] before = packets(8, 13, 0.05);
        byte[] cut = Arrays.copyOf(packets(1, 14, 0.0), 100);
        byte[] after = packets(8, 15, 0.05);

        Result result = run(chunking, concat(before, cut, after));

        assertThat(labels(result.out(), before, after)).as("packets out")
                .isEqualTo(labels(concat(before, after), before, after));
        assertThat(result.garbage()).isEqualTo(cut.length);
    }

    @ParameterizedTest(name = "lone 0x47 at garbage offset {0}")
    @ValueSource(ints = {0, 1, 50, 187, 188, 189, 400, 811})
    void aLoneSyncByteInsideGarbageDoesNotFakeSync(int offset) {
        // 1000 bytes of garbage, one of them 0x47; the real stream starts right after. (0x47 exactly 188 bytes before
        // the real first packet is indistinguishable from a packet by any sync check, so that offset is not used.)
        byte[] garbage = garbage(1000, 16);
        garbage[offset] = 0x47;
        byte[] packets = packets(12, 17, 0.05);
        for (Chunking chunking : chunkings().toList()) {
            Result result = run(chunking, concat(garbage, packets));

            assertThat(labels(result.out(), packets)).as("output with %s", chunking).isEqualTo(labels(packets, packets));
            assertThat(result.garbage()).as("garbage with %s", chunking).isEqualTo(garbage.length);
        }
    }

    @Test
    void manySyncBytesInGarbageThatDoNotLineUpAreAllDropped() {
        // every 100th byte is 0x47: a sync byte every 100 bytes is never 188 apart from another
        byte[] garbage = garbage(5000, 18);
        for (int i = 0; i < garbage.length; i += 100) {
            garbage[i] = 0x47;
        }
        byte[] packets = packets(12, 19, 0.0);
        for (Chunking chunking : chunkings().toList()) {
            Result result = run(chunking, concat(garbage, packets));

            assertThat(labels(result.out(), packets)).as("output with %s", chunking).isEqualTo(labels(packets, packets));
            assertThat(result.garbage()).as("garbage with %s", chunking).isEqualTo(garbage.length);
        }
    }

    @Test
    void aSyncByteInGarbageLinedUpWithA0x47InsideAPayloadDoesNotFakeSync() {
        byte[] garbage = garbage(1000, 22);
        garbage[900] = 0x47;                // 100 bytes before the real stream ...
        byte[] packets = packets(12, 23, 0.0);
        packets[88] = 0x47;                 // ... and 188 bytes before this payload byte of its first packet
        for (Chunking chunking : chunkings().toList()) {
            Result result = run(chunking, concat(garbage, packets));

            assertThat(labels(result.out(), packets)).as("output with %s", chunking).isEqualTo(labels(packets, packets));
            assertThat(result.garbage()).as("garbage with %s", chunking).isEqualTo(garbage.length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkings")
    void afterGarbageOrACutPacketTheStreamIsBackInSyncByTheSecondWholePacket(Chunking chunking) {
        // what holds today whatever the chunking: nothing but 188-byte packets goes out, no junk after the first
        // packet that follows a disturbance, and every whole packet from the second one after it passes
        byte[] a = packets(6, 24, 0.01);
        byte[] junk = garbage(333, 25);
        byte[] b = packets(6, 26, 0.01);
        byte[] cut = Arrays.copyOf(packets(1, 27, 0.0), 100);
        byte[] c = packets(6, 28, 0.01);

        Result result = run(chunking, concat(a, junk, b, cut, c));

        List<String> out = labels(result.out(), a, b, c);
        assertThat(out).as("output").containsSubsequence(
                "g0p0", "g0p1", "g0p2", "g0p3", "g0p4", "g1p1", "g1p2", "g1p3", "g1p4", "g2p1", "g2p2", "g2p3", "g2p4", "g2p5");
        assertThat(out.stream().filter("junk"::equals).count()).as("junk packets in %s", out).isLessThanOrEqualTo(1);
        assertThat(result.garbage()).isBetween((long) junk.length + cut.length - P, (long) junk.length + cut.length + 2 * P);
    }

    @Test
    void onlyGarbageGivesNoPacketsAndIsCounted() {
        byte[] garbage = garbage(100_000, 20);

        Result result = run(chunkings().toList().get(6), garbage);

        assertThat(result.out()).isEmpty();
        assertThat(result.garbage()).isBetween((long) garbage.length - (P - 1), (long) garbage.length);
    }

    // --- invariants ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void everyOutputIsWholePacketsAndNoByteIsLostUnaccounted(long seed) {
        // a mix of real packets, random bytes rich in 0x47, cut packets, all in random chunks
        Random random = new Random(seed);
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (int part = 0; part < 30; part++) {
            switch (random.nextInt(3)) {
                case 0 -> input.writeBytes(packets(1 + random.nextInt(6), random.nextLong(), 0.1));
                case 1 -> {
                    byte[] junk = new byte[random.nextInt(600)];
                    random.nextBytes(junk);
                    for (int i = 0; i < junk.length; i++) {
                        if (random.nextInt(8) == 0) {
                            junk[i] = 0x47;
                        }
                    }
                    input.writeBytes(junk);
                }
                default -> input.writeBytes(Arrays.copyOf(packets(1, random.nextLong(), 0.1), 1 + random.nextInt(P - 1)));
            }
        }
        byte[] data = input.toByteArray();

        Result result = run(new Chunking("random", d -> randomSplits(d, seed, 900)), data);

        for (byte[] out : result.outputs()) {
            assertThat(out.length % P).as("output length").isZero();
            for (int i = 0; i < out.length; i += P) {
                assertThat(out[i]).as("byte %d of an output", i).isEqualTo((byte) 0x47);
            }
        }
        long held = data.length - result.out().length - result.garbage();
        assertThat(held).as("bytes neither output nor counted (held back for the next chunk)").isBetween(0L, 2L * P - 1);
    }

    @Test
    void emptyChunksChangeNothing() {
        TsPacketAligner aligner = new TsPacketAligner();
        byte[] packets = packets(3, 21, 0.0);

        assertThat(aligner.push(new byte[0])).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(aligner.push(packets));
        out.writeBytes(aligner.push(new byte[0]));
        // the last packet waits for its successor's sync byte, or for the end of the input
        assertThat(out.size()).isEqualTo(2 * P);
        out.writeBytes(aligner.flush());

        assertThat(out.toByteArray()).isEqualTo(packets);
        assertThat(aligner.garbageBytes()).isZero();
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /**
     * Names each 188-byte packet of {@code out} for readable failures: "g<group>p<index>" when it is packet
     * {@code index} of input group {@code group}, "junk" when it is no input packet.
     */
    static List<String> labels(byte[] out, byte[]... groups) {
        java.util.Map<String, String> known = new java.util.HashMap<>();
        for (int g = 0; g < groups.length; g++) {
            for (int i = 0; i + P <= groups[g].length; i += P) {
                known.putIfAbsent(java.util.HexFormat.of().formatHex(groups[g], i, i + P), "g" + g + "p" + (i / P));
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < out.length; i += P) {
            names.add(known.getOrDefault(java.util.HexFormat.of().formatHex(out, i, Math.min(out.length, i + P)), "junk"));
        }
        return names;
    }

    private static Result run(Chunking chunking, byte[] data) {
        TsPacketAligner aligner = new TsPacketAligner();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<byte[]> outputs = new ArrayList<>();
        for (byte[] chunk : chunking.cut().apply(data)) {
            byte[] out = aligner.push(chunk);
            outputs.add(out);
            all.writeBytes(out);
        }
        byte[] last = aligner.flush(); // the publisher left: the held-back last packet goes out
        outputs.add(last);
        all.writeBytes(last);
        return new Result(all.toByteArray(), aligner.garbageBytes(), outputs);
    }

    /** {@code n} packets: sync byte, a plausible header, payload bytes that are 0x47 with probability {@code syncs}. */
    static byte[] packets(int n, long seed, double syncs) {
        Random random = new Random(seed);
        byte[] out = new byte[n * P];
        random.nextBytes(out);
        for (int p = 0; p < n; p++) {
            int at = p * P;
            out[at] = 0x47;
            out[at + 1] = 0x01; // PID 0x100
            out[at + 2] = 0x00;
            out[at + 3] = (byte) (0x10 | (p & 0x0f)); // payload only, continuity counter
            for (int i = at + 4; i < at + P; i++) {
                if (random.nextDouble() < syncs) {
                    out[i] = 0x47;
                }
            }
        }
        return out;
    }

    /** Random bytes with no 0x47 among them. */
    static byte[] garbage(int n, long seed) {
        byte[] out = new byte[n];
        new Random(seed).nextBytes(out);
        for (int i = 0; i < n; i++) {
            if (out[i] == 0x47) {
                out[i] = 0x00;
            }
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static List<byte[]> fixed(byte[] data, int size) {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < data.length; i += size) {
            chunks.add(Arrays.copyOfRange(data, i, Math.min(data.length, i + size)));
        }
        return chunks;
    }

    private static List<byte[]> randomSplits(byte[] data, long seed, int maxChunk) {
        Random random = new Random(seed);
        List<byte[]> chunks = new ArrayList<>();
        int i = 0;
        while (i < data.length) {
            int size = Math.min(data.length - i, 1 + random.nextInt(maxChunk));
            chunks.add(Arrays.copyOfRange(data, i, i + size));
            i += size;
        }
        return chunks;
    }
}
