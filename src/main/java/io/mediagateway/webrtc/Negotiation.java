package io.mediagateway.webrtc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;

/**
 * libwebrtc's asynchronous offer/answer steps as calls that wait, with a limit, for the observer: the one sequence
 * every peer of the gateway (and the tests' publisher) goes through. A failure or an overrun is a {@link WebRtcException}
 * naming the step and carrying libwebrtc's reason.
 */
final class Negotiation {

    private Negotiation() {
    }

    /** {@code step} is createOffer or createAnswer with the given observer; returns the description it made. */
    static RTCSessionDescription create(String what, Duration timeout, Consumer<CreateSessionDescriptionObserver> step) {
        CompletableFuture<RTCSessionDescription> made = new CompletableFuture<>();
        step.accept(new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                made.complete(description);
            }

            @Override
            public void onFailure(String error) {
                made.completeExceptionally(new WebRtcException("libwebrtc could not " + what + ": " + error));
            }
        });
        return await(what, made, timeout);
    }

    /** {@code step} is setLocalDescription or setRemoteDescription with the given observer. */
    static void set(String what, Duration timeout, Consumer<SetSessionDescriptionObserver> step) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        step.accept(new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new WebRtcException(error));
            }
        });
        await(what, done, timeout);
    }

    /** The value of {@code future}, or a {@link WebRtcException} when it failed or did not come within the limit. */
    static <T> T await(String what, CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof WebRtcException w ? w : new WebRtcException(what + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new WebRtcException("libwebrtc did not " + what + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebRtcException("interrupted while waiting to " + what);
        }
    }
}
