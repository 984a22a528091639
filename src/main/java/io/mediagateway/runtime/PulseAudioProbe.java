package io.mediagateway.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.mediagateway.config.GatewayProperties;
import org.springframework.core.env.Environment;

/**
 * Finds a reachable PulseAudio server the way libpulse does: {@code gateway.pulse.server}, then $PULSE_SERVER
 * (a space-separated list), then the per-user and system sockets. A server the gateway started itself (see
 * {@code io.mediagateway.pulse.PulseAudioSupervisor}) is tried first, so every part of the gateway uses the same one.
 */
public class PulseAudioProbe {

    private final GatewayProperties.Pulse settings;
    private final Environment env;
    private volatile String ownedServer;

    public PulseAudioProbe(GatewayProperties.Pulse settings, Environment env) {
        this.settings = settings;
        this.env = env;
    }

    /** Announces the server the gateway started (PULSE_SERVER syntax), or null when it owns none. */
    public void useOwnedServer(String server) {
        this.ownedServer = server;
    }

    /** Candidate servers in PULSE_SERVER syntax, most specific first. */
    public List<String> candidates() {
        List<String> servers = new ArrayList<>();
        String owned = ownedServer;
        if (owned != null) {
            servers.add(owned);
        }
        String configured = settings.getServer().isEmpty() ? env.getProperty("PULSE_SERVER", "") : settings.getServer();
        for (String server : configured.trim().split("\\s+")) {
            if (!server.isEmpty()) {
                servers.add(server);
            }
        }
        if (servers.size() == (owned == null ? 0 : 1)) {
            String runtimeDir = env.getProperty("XDG_RUNTIME_DIR", "");
            if (!runtimeDir.isEmpty()) {
                servers.add("unix:" + Path.of(runtimeDir, "pulse", "native"));
            }
            servers.add("unix:/run/user/" + currentUid() + "/pulse/native");
            servers.add("unix:/var/run/pulse/native");
        }
        return servers;
    }

    /** The first candidate that accepts connections: the server clients (pactl, the audio writer) should use. */
    public Optional<String> reachableServer() {
        return candidates().stream().filter(PulseAudioProbe::reachable).findFirst();
    }

    public SystemPart probe() {
        List<String> tried = candidates();
        for (String server : tried) {
            if (reachable(server)) {
                String origin = server.equals(ownedServer) ? " (started by the gateway)" : "";
                return new SystemPart("pulseaudio", true, "PulseAudio server at " + server + origin);
            }
        }
        return new SystemPart("pulseaudio", false, "No PulseAudio server reachable (tried " + String.join(", ", tried)
                + "). Install the 'pulseaudio' package (the gateway starts it when gateway.pulse.autostart is on) "
                + "or set PULSE_SERVER to a running server.");
    }

    private static String currentUid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "0";
        }
    }

    /** Does a PulseAudio server (PULSE_SERVER syntax) accept connections there? */
    public static boolean isReachable(String server) {
        return reachable(server);
    }

    static boolean reachable(String server) {
        // PULSE_SERVER entries may carry a "{machine-id}" prefix
        String address = server.replaceFirst("^\\{[^}]*\\}", "");
        if (address.startsWith("unix:")) {
            return SocketProbe.unixListening(Path.of(address.substring("unix:".length())));
        }
        if (address.startsWith("/")) {
            return SocketProbe.unixListening(Path.of(address));
        }
        String hostPort = address.startsWith("tcp:") ? address.substring(4)
                : address.startsWith("tcp6:") ? address.substring(5) : address;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && !hostPort.endsWith("]")) {
            try {
                return SocketProbe.tcpListening(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return SocketProbe.tcpListening(hostPort, 4713);
    }
}
