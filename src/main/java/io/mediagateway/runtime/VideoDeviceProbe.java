package io.mediagateway.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Is there a v4l2 loopback output device at {@code gateway.video.device}? Checked as a writable character device,
 * named from sysfs when the kernel publishes it. Without one the camera is the browser camera (mode virtual-file).
 */
public class VideoDeviceProbe {

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private final Path device;

    public VideoDeviceProbe(Path device) {
        this.device = device;
    }

    public Path device() {
        return device;
    }

    public SystemPart probe() {
        if (!Files.exists(device)) {
            return down("does not exist");
        }
        try {
            int mode = (Integer) Files.getAttribute(device, "unix:mode");
            if ((mode & S_IFMT) != S_IFCHR) {
                return down("is not a character device");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return down("cannot be inspected (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(device)) {
            return down("is not writable by the gateway's user; add it to the 'video' group");
        }
        return new SystemPart("video_device", true, "v4l2 device " + device + sysfsName());
    }

    private String sysfsName() {
        Path name = Path.of("/sys/class/video4linux", device.getFileName().toString(), "name");
        try {
            return Files.isReadable(name) ? " (" + Files.readString(name).trim() + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    private SystemPart down(String why) {
        return new SystemPart("video_device", false, "v4l2 device " + device + " " + why
                + ". Device mode needs the v4l2loopback kernel module (modprobe v4l2loopback exclusive_caps=1); "
                + "until then video is served as the live feed and browser camera (mode virtual-file).");
    }
}
