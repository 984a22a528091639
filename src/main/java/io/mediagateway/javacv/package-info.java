/**
 * FFmpeg through JavaCV.
 *
 * <p>Rule for every grabber or recorder on live input: call {@code startUnsafe()}, never {@code start()}.
 * {@code start()} holds a JVM-wide lock ({@code synchronized (avcodec.class)}) for as long as opening the input takes,
 * and opening a live stream waits for data: one silent publisher would then stall every other grabber and recorder in
 * the gateway (seen: the feed encoder blocked behind an idle ingest socket). FFmpeg guards codec initialisation itself.
 */
package io.mediagateway.javacv;
