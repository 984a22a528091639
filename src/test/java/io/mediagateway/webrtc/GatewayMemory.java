package io.mediagateway.webrtc;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mediagateway.support.Commands;

/**
 * Where a gateway process's memory is, for the soak: resident size (/proc) against the JVM's own account from Native
 * Memory Tracking (the process must run with {@code -XX:NativeMemoryTracking=summary}). Resident memory the JVM does not
 * account for was allocated by native libraries (libwebrtc, FFmpeg) or is glibc's retained free memory.
 */
final class GatewayMemory {

    private static final Pattern TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern HEAP = Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern THREADS = Pattern.compile("Thread \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern OTHER = Pattern.compile("Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    private GatewayMemory() {
    }

    /**
     * One line: RSS, the JVM's committed total (heap, threads, other = direct buffers), and RSS not accounted for;
     * returns the last, in MB.
     */
    static long print(String when, long pid, int cycles) throws IOException {
        String nmt = jcmd(pid, "VM.native_memory", "summary");
        long rss = WebRtcSoakIT.procStatus(pid, "VmRSS");
        long jvm = kb(TOTAL, nmt);
        long heapUsed = heapUsedKb(pid);
        System.out.printf("[webrtc-soak] memory %s: cycles=%d rss=%d MB jvm_committed=%d MB (heap %d MB, heap_used %d MB,"
                + " threads %d MB, other %d MB) outside_jvm=%d MB%n", when, cycles, rss / 1024, jvm / 1024,
                kb(HEAP, nmt) / 1024, heapUsed / 1024, kb(THREADS, nmt) / 1024, kb(OTHER, nmt) / 1024, (rss - jvm) / 1024);
        return (rss - jvm) / 1024;
    }

    /** A full GC, then glibc's malloc_trim: what RSS still holds afterwards is in use (or fragmented in use). */
    static void gcAndTrim(long pid) throws IOException {
        jcmd(pid, "GC.run");
        System.out.println("[webrtc-soak] memory trim: " + jcmd(pid, "System.trim_native_heap").replace('\n', ' ').trim());
    }

    private static long heapUsedKb(long pid) throws IOException {
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    private static long kb(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    private static String jcmd(long pid, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
        line.addAll(List.of(command));
        Commands.Result result = Commands.run(line, Map.of(), Duration.ofSeconds(60));
        if (result.exitCode() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + result.output());
        }
        return result.output();
    }
}
