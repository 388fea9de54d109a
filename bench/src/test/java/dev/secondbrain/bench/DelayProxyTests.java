package dev.secondbrain.bench;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy passes bytes through unchanged in both directions and delays each direction by at least its
 * one-way delay. Only lower bounds on time are asserted (a loaded machine is slower, never faster).
 */
class DelayProxyTests {

    private static final Duration ONE_WAY = Duration.ofMillis(40);
    private static final int SIZE = 300_000; // more than one read buffer, so chunks are delayed in order

    @Test
    void passesBytesIntactAndDelaysEachDirection() throws Exception {
        try (var echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var proxy = DelayProxy.to(echo.getLocalPort(), ONE_WAY)) {
            var sent = new byte[SIZE];
            new Random(1).nextBytes(sent);
            var arrived = CompletableFuture.supplyAsync(() -> echoOnce(echo));

            var back = new byte[SIZE];
            long start = System.nanoTime();
            long roundTrip;
            try (var client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                client.getOutputStream().write(sent);
                new DataInputStream(client.getInputStream()).readFully(back);
                roundTrip = System.nanoTime() - start;
            }
            long oneWay = arrived.get(10, TimeUnit.SECONDS) - start;

            assertThat(back).isEqualTo(sent);
            assertThat(oneWay).as("client to server").isGreaterThanOrEqualTo(ONE_WAY.toNanos());
            assertThat(roundTrip).as("there and back").isGreaterThanOrEqualTo(2 * ONE_WAY.toNanos());
        }
    }

    /** Accepts one connection, echoes what it reads; returns when its first bytes arrived (nanoTime). */
    private static long echoOnce(ServerSocket server) {
        try (var socket = server.accept()) {
            var in = socket.getInputStream();
            var out = socket.getOutputStream();
            var buffer = new byte[8192];
            long first = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (first == 0) {
                    first = System.nanoTime();
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            return first;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
