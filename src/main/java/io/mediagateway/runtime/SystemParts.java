package io.mediagateway.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** The system parts the gateway needs, probed on demand (each probe is a socket connect or a stat: cheap). */
public class SystemParts {

    private final PulseAudioProbe pulse;
    private final DisplayProbe display;
    private final VideoDeviceProbe videoDevice;
    /** Parts the gateway runs itself (e.g. the RTMP server), registered by their owners. */
    private final List<Supplier<SystemPart>> ownParts = new CopyOnWriteArrayList<>();

    public SystemParts(PulseAudioProbe pulse, DisplayProbe display, VideoDeviceProbe videoDevice) {
        this.pulse = pulse;
        this.display = display;
        this.videoDevice = videoDevice;
    }

    /** Adds a part the gateway runs itself to GET /health. */
    public void register(Supplier<SystemPart> part) {
        ownParts.add(part);
    }

    public SystemPart pulseAudio() {
        return pulse.probe();
    }

    public SystemPart display() {
        return display.probe();
    }

    public SystemPart videoDevice() {
        return videoDevice.probe();
    }

    public VideoDeviceProbe videoDeviceProbe() {
        return videoDevice;
    }

    /** SPEC's {@code mode}: {@code device} when a v4l2 output device takes the camera frames, else {@code virtual-file}. */
    public String cameraMode() {
        return modeFor(videoDevice());
    }

    /** The body of GET /health: the gateway itself is UP when it answers; each part says whether it is usable. */
    public Map<String, Object> health() {
        SystemPart camera = videoDevice();
        Map<String, Object> components = new LinkedHashMap<>();
        for (SystemPart part : List.of(pulseAudio(), display(), camera)) {
            components.put(part.name(), Map.of("status", part.status(), "detail", part.detail()));
        }
        for (Supplier<SystemPart> own : ownParts) {
            SystemPart part = own.get();
            components.put(part.name(), Map.of("status", part.status(), "detail", part.detail()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("mode", modeFor(camera));
        body.put("components", components);
        return body;
    }

    private static String modeFor(SystemPart videoDevice) {
        return videoDevice.up() ? "device" : "virtual-file";
    }
}
