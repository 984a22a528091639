package io.mediagateway.audio;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Pacer events as text, in order, for assertions. */
final class RecordingEvents implements AudioPacer.Events {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void sinkOpened(PcmSink sink, Duration outage) {
        events.add(outage.isZero() ? "opened" : "reopened");
    }

    @Override
    public void sinkFailed(String error, boolean wasOpen) {
        events.add(wasOpen ? "lost" : "unavailable");
    }

    @Override
    public void idle(Duration silentFor) {
        events.add("idle");
    }

    @Override
    public void resumed(Duration idleFor) {
        events.add("resumed");
    }
}
