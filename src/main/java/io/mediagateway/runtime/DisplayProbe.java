package io.mediagateway.runtime;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mediagateway.config.GatewayProperties;
import org.springframework.core.env.Environment;

/** Is the X display ({@code gateway.display.name}, else $DISPLAY, else ":99") accepting connections? */
public class DisplayProbe {

    private static final Pattern DISPLAY = Pattern.compile("^(?:(unix|[A-Za-z0-9.\\-]*|\\[[0-9a-fA-F:]+\\]))?:(\\d+)(?:\\.\\d+)?$");

    private final GatewayProperties.Display settings;
    private final Environment env;

    public DisplayProbe(GatewayProperties.Display settings, Environment env) {
        this.settings = settings;
        this.env = env;
    }

    public String displayName() {
        if (!settings.getName().isEmpty()) {
            return settings.getName();
        }
        String fromEnv = env.getProperty("DISPLAY", "").trim();
        return fromEnv.isEmpty() ? ":99" : fromEnv;
    }

    public SystemPart probe() {
        String name = displayName();
        Matcher m = DISPLAY.matcher(name);
        if (!m.matches()) {
            return new SystemPart("display", false, "DISPLAY '" + name + "' is not a valid X display name (expected e.g. :99).");
        }
        String host = m.group(1) == null ? "" : m.group(1);
        int number = Integer.parseInt(m.group(2));
        boolean up;
        String where;
        if (host.isEmpty() || host.equals("unix")) {
            Path socket = Path.of("/tmp/.X11-unix/X" + number);
            up = SocketProbe.unixListening(socket);
            where = socket.toString();
        } else {
            up = SocketProbe.tcpListening(host.replace("[", "").replace("]", ""), 6000 + number);
            where = host + ":" + (6000 + number);
        }
        return up ? new SystemPart("display", true, "X display " + name + " at " + where)
                : new SystemPart("display", false, "X display " + name + " is not reachable at " + where
                        + ". Start Xvfb (package 'xvfb'; the gateway starts it when gateway.display.autostart is on) "
                        + "or set DISPLAY to a running X server.");
    }
}
