package io.mediagateway.display;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mediagateway.config.GatewayProperties;
import io.mediagateway.runtime.ChildProcess;
import io.mediagateway.runtime.DisplayProbe;
import io.mediagateway.runtime.ProcessSupervisor;

/**
 * The one owner of the gateway's X display when it has to start one. At start-up it attaches to a reachable display
 * ({@code gateway.display.name}, $DISPLAY, :99); when there is none, {@code gateway.display.autostart} is on, the
 * display is local and {@code Xvfb} is installed, it starts {@code Xvfb :N -screen 0 <gateway.display.screen>
 * -nolisten tcp -noreset} and restarts it with backoff whenever it dies ({@link ProcessSupervisor}). Requests never
 * start anything: livestream starts only probe the display. Starts before Camel and stops after the livestreams (same
 * phase as PulseAudio).
 */
public class XvfbSupervisor extends ProcessSupervisor<ChildProcess> {

    private static final Pattern LOCAL_DISPLAY = Pattern.compile("^(?:unix)?:(\\d+)(?:\\.\\d+)?$");

    private final GatewayProperties.Display settings;
    private final DisplayProbe probe;
    private final Path binary;
    private volatile int number;

    /** {@code binary}: the Xvfb executable, or null when it is not installed. */
    public XvfbSupervisor(GatewayProperties.Display settings, DisplayProbe probe, Path binary) {
        super("display", "xvfb-supervisor", settings.getRestartBackoff(), settings.getRestartBackoffMax());
        this.settings = settings;
        this.probe = probe;
        this.binary = binary;
    }

    @Override
    protected Mode attachOrOwn() {
        String name = probe.displayName();
        if (probe.probe().up()) {
            log.info("[display] attached display={}", name);
            return Mode.ATTACHED;
        }
        Matcher local = LOCAL_DISPLAY.matcher(name);
        String reason = !settings.isAutostart() ? "gateway.display.autostart is off"
                : binary == null ? "'Xvfb' is not installed (package xvfb)"
                : !local.matches() ? "display " + name + " is not local (only :N displays can be started)" : null;
        if (reason != null) {
            log.warn("[display] unavailable display={} reason=\"{}\" (livestreams answer 503 until it is reachable)", name, reason);
            return Mode.UNAVAILABLE;
        }
        number = Integer.parseInt(local.group(1));
        return Mode.OWNED;
    }

    @Override
    protected ChildProcess startChild() throws IOException, InterruptedException {
        int display = number;
        Process process = new ProcessBuilder(List.of(binary.toString(), ":" + display, "-screen", "0",
                settings.getScreen(), "-nolisten", "tcp", "-noreset"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ChildProcess xvfb = new ChildProcess("Xvfb :" + display, process) {
            @Override
            protected String failureDetail() {
                return staleLockHint(display);
            }
        };
        xvfb.awaitReady(() -> probe.probe().up(), settings.getStartTimeout());
        return xvfb;
    }

    @Override
    protected void onStarted(ChildProcess xvfb, int restarts) {
        log.info("[display] started display=:{} pid={} screen={} restarts={}", number, xvfb.pid(), settings.getScreen(),
                restarts);
    }

    private static String staleLockHint(int number) {
        Path lock = Path.of("/tmp/.X" + number + "-lock");
        return Files.exists(lock) ? " (" + lock + " exists: another X server owns :" + number + ", or a stale lock to delete)" : "";
    }
}
