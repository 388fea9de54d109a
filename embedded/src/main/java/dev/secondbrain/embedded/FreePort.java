package dev.secondbrain.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports of this host: a free one, or whether one is free. */
public final class FreePort {

    private FreePort() {
    }

    /** Whether nothing listens on {@code port} of this host right now. */
    public static boolean isFree(int port) {
        try (var socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int find() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
