package dev.secondbrain.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on localhost that delays every chunk of bytes by a fixed one-way delay in each direction, so an
 * application talking to PostgreSQL through it pays a network round trip per statement as it would with the
 * database on another host (0.25 ms each way = 0.5 ms RTT, a database in the same zone). It adds latency, not a
 * bandwidth limit: each direction has a reader that stamps what it read with the time it is due and a writer
 * that forwards it then, so bytes in flight overlap. The delay is a lower bound (a parked thread wakes late,
 * never early). Two platform threads per direction per connection: the bench opens few connections.
 */
final class DelayProxy implements AutoCloseable {

    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final Thread acceptor;

    private DelayProxy(InetSocketAddress target, Duration oneWay) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.delayNanos = oneWay.toNanos();
        this.acceptor = Thread.ofPlatform().daemon().name("delay-proxy-" + server.getLocalPort()).start(this::accept);
    }

    /** Listens on a free port of the loopback address and forwards to {@code port} on the loopback address. */
    static DelayProxy to(int port, Duration oneWay) {
        try {
            return new DelayProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), oneWay);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The JDBC URL of {@code database} on the PostgreSQL behind this proxy. */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + server.getInetAddress().getHostAddress() + ":" + port() + "/" + database;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                var client = server.accept();
                client.setTcpNoDelay(true);
                var upstream = new Socket();
                upstream.setTcpNoDelay(true);
                upstream.connect(target);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** One direction: a reader stamps each chunk with its due time, a writer forwards it when due. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> read(from, to, queue));
        Thread.ofPlatform().daemon().start(() -> write(to, from, queue));
    }

    private void read(Socket from, Socket to, BlockingQueue<Chunk> queue) {
        var buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                queue.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
            }
        } catch (IOException e) {
            // the other side closed: end this direction
        }
        queue.add(END);
    }

    private static void write(Socket to, Socket from, BlockingQueue<Chunk> queue) {
        try (OutputStream out = to.getOutputStream()) {
            while (true) {
                var chunk = queue.take();
                if (chunk == END) {
                    break;
                }
                long wait;
                while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the other side closed: end this direction
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(1000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
