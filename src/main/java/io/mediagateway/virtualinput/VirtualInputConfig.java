package io.mediagateway.virtualinput;

import java.util.EnumSet;
import java.util.Set;

/** A validated virtual-input configuration. {@code video} or {@code audio} may be null, never both. */
public record VirtualInputConfig(VideoInput video, AudioInput audio, boolean startPaused) {

    public Set<MediaKind> kinds() {
        Set<MediaKind> kinds = EnumSet.noneOf(MediaKind.class);
        if (video != null) {
            kinds.add(MediaKind.VIDEO);
        }
        if (audio != null) {
            kinds.add(MediaKind.AUDIO);
        }
        return kinds;
    }

    /** The source type configured for a kind, or null when that kind is not configured. */
    public SourceType type(MediaKind kind) {
        return switch (kind) {
            case VIDEO -> video == null ? null : video.type();
            case AUDIO -> audio == null ? null : audio.type();
        };
    }
}
