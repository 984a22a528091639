package io.mediagateway.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** "Is something listening there?" for Unix and TCP sockets, answered by connecting and closing at once. */
final class SocketProbe {

    private static final int TCP_TIMEOUT_MS = 500;

    private SocketProbe() {
    }

    /**
     * A refused connect to a socket file that exists is tried again a few times (~300 ms in all): a busy server's full
     * accept backlog refuses at once (EAGAIN), and one such refusal made a configure answer 503 "no PulseAudio" in CI.
     */
    static boolean unixListening(Path socket) {
        for (int attempt = 0, waitMs = 20; Files.exists(socket); attempt++, waitMs *= 2) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                return channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (UnsupportedOperationException e) {
                return false;
            } catch (IOException refused) {
                if (attempt == 4) {
                    return false;
                }
            }
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    static boolean tcpListening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TCP_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
