/**
 * The X display the livestreams capture: {@link io.mediagateway.display.XvfbSupervisor} starts a private Xvfb when
 * none is reachable and {@code gateway.display.autostart} is on (restart with backoff, phased shutdown: the lifecycle of
 * {@link io.mediagateway.runtime.ProcessSupervisor}, shared with the PulseAudio supervisor). Reachability
 * itself is {@code runtime.DisplayProbe}'s.
 */
package io.mediagateway.display;
