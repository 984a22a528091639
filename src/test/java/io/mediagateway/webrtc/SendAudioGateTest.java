package io.mediagateway.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mediagateway.support.Waits;
import org.junit.jupiter.api.Test;

/**
 * The viewers' join turn: one holder, a bounded wait, a bounded number of waiters (each is an HTTP worker thread), no
 * audio pushed while a turn is held; and how a failed offer maps to HTTP (refusal 400, WebRTC busy or shut down 503).
 */
class SendAudioGateTest {

    private final SendAudioGate gate = new SendAudioGate();

    @Test
    void oneHolderAtATimeABoundedWaitAndABoundedNumberOfWaiters() throws Exception {
        Object first = new Object();
        Object second = new Object();
        assertThat(gate.hold(first, Duration.ofSeconds(1), 1)).isEqualTo(SendAudioGate.Turn.HELD);
        assertThat(gate.hold(new Object(), Duration.ofMillis(50), 1)).isEqualTo(SendAudioGate.Turn.TIMED_OUT);

        CompletableFuture<SendAudioGate.Turn> waiting = CompletableFuture.supplyAsync(
                () -> gate.hold(second, Duration.ofSeconds(60), 1));
        assertThat(Waits.until(Duration.ofSeconds(10), () -> gate.waiting() == 1)).isTrue();
        assertThat(gate.hold(new Object(), Duration.ofSeconds(60), 1)).isEqualTo(SendAudioGate.Turn.TOO_MANY_WAITING);

        AtomicInteger quiets = new AtomicInteger();
        gate.release(second, quiets::incrementAndGet); // not the holder: nothing happens
        assertThat(quiets.get()).isZero();
        assertThat(waiting.isDone()).isFalse();
        gate.release(first, quiets::incrementAndGet);
        assertThat(quiets.get()).isEqualTo(1);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(SendAudioGate.Turn.HELD);
        assertThat(gate.holds(second)).isTrue();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void noAudioIsPushedWhileAViewerJoins() {
        AtomicInteger pushed = new AtomicInteger();
        assertThat(gate.push(pushed::incrementAndGet)).isTrue();
        Object joiner = new Object();
        assertThat(gate.hold(joiner, Duration.ofSeconds(1), 1)).isEqualTo(SendAudioGate.Turn.HELD);
        assertThat(gate.push(pushed::incrementAndGet)).isFalse();
        gate.release(joiner, () -> { });
        assertThat(gate.push(pushed::incrementAndGet)).isTrue();
        assertThat(pushed.get()).isEqualTo(2);
    }

    @Test
    void aRefusedOfferIs400AndWebRtcThatCannotServeIs503() {
        assertThat(SdpOffer.refused(new WebRtcException("set the remote offer failed: no fingerprint"), true).status())
                .isEqualTo(400);
        assertThat(SdpOffer.refused(new IllegalStateException("native failure"), true).status()).isEqualTo(400);
        assertThat(SdpOffer.refused(WebRtcException.unavailable("negotiate peer x timed out on the WebRTC owner thread"),
                true).status()).isEqualTo(503);
        assertThat(SdpOffer.refused(new WebRtcException("anything"), false).status()).isEqualTo(503);
        assertThat(SdpOffer.refused(WebRtcException.unavailable("WebRTC is shut down"), true).getMessage())
                .contains("WebRTC is shut down").contains("retry");
    }
}
