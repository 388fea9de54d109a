package dev.secondbrain.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky embedded binaries, works as root) with logical decoding and
 * pg_stat_statements enabled. It can be stopped and started again on the same port and data directory,
 * so fault tests can take the database away and give it back.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String PG_HBA = """
            # Written by PostgresServer at every start. The superuser is this process's own: trusted on this host.
            # Every other login (the pipeline's, see DatabaseLogins) needs its password.
            local   all          postgres                 trust
            host    all          postgres   127.0.0.1/32  trust
            host    all          postgres   ::1/128       trust
            local   replication  postgres                 trust
            host    replication  postgres   127.0.0.1/32  trust
            host    replication  postgres   ::1/128       trust
            local   all          all                      scram-sha-256
            host    all          all        127.0.0.1/32  scram-sha-256
            host    all          all        ::1/128       scram-sha-256
            host    replication  all        127.0.0.1/32  scram-sha-256
            host    replication  all        ::1/128       scram-sha-256
            """;

    private final int port;
    private final Path dataDirectory;
    private final boolean durable;
    /** Whether {@link #close()} deletes the data (a server of {@link #startThrowaway}). */
    private final boolean throwaway;
    private EmbeddedPostgres server;

    private PostgresServer(int port, Path dataDirectory, boolean durable, boolean throwaway) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.durable = durable;
        this.throwaway = throwaway;
    }

    /**
     * Starts a server on {@code port} (0 = any free port) keeping its data in {@code dataDirectory}.
     * {@code durable} keeps PostgreSQL's defaults (fsync on), as a deployment would: benchmarks need it so
     * that a commit costs what it costs in production.
     */
    public static PostgresServer start(int port, Path dataDirectory, boolean durable) {
        var server = new PostgresServer(port == 0 ? FreePort.find() : port, dataDirectory, durable, false);
        server.start();
        return server;
    }

    /** Starts a throwaway server on a free port with a fresh data directory, which {@link #close()} deletes. */
    public static PostgresServer startThrowaway(boolean durable) {
        try {
            var server = new PostgresServer(FreePort.find(), Files.createTempDirectory("embedded-postgres-"), durable,
                    true);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        stopLeftover(dataDirectory);
        if (!FreePort.isFree(port)) {
            throw new IllegalStateException("port " + port + " is in use by another program: PostgreSQL cannot listen there");
        }
        try {
            var builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "top")
                    // statements slower than this are logged by the server with their duration
                    .setServerConfig("log_min_duration_statement", "250ms")
                    // ... with their SQL only: a batch's parameters are its documents (a megabyte of private text)
                    .setServerConfig("log_parameter_max_length", "0");
            if (durable) {
                // zonky's launcher passes -F (fsync off) and synchronous_commit=off; these come after and win
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            } else {
                // Test data is disposable: do not wait for the disk. A crash of the server process (the faults
                // we test) still loses nothing committed, since WAL reaches the OS before a commit returns;
                // only an operating-system crash could, which no test simulates.
                builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
            }
            server = builder.start();
            requirePasswords();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        }
    }

    /**
     * initdb's pg_hba.conf trusts everyone; ours trusts only the superuser (this process's own, on this host) and
     * asks every other login for its password (scram-sha-256), so a wrong password fails as it would in production.
     * Written at every start, then the server reloads it.
     */
    private void requirePasswords() throws IOException {
        Files.writeString(dataDirectory.resolve("pg_hba.conf"), PG_HBA);
        try (Connection c = server.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL did not reload pg_hba.conf", e);
        }
    }

    /**
     * Stops a PostgreSQL still running on {@code dataDirectory}, left behind by a process that was killed (the
     * server outlives it: pg_ctl detaches the postmaster), with a fast shutdown, so that a new start recovers
     * the same data instead of failing on the taken port or the held directory. Does nothing otherwise.
     */
    public static void stopLeftover(Path dataDirectory) {
        var pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            var orphan = ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
            if (orphan.isEmpty()) {
                return; // a stale pid file of a crashed server: PostgreSQL itself ignores it
            }
            log.warn("PostgreSQL (pid {}) is still running on {}, left by a run that was killed: stopping it", pid,
                    dataDirectory);
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            orphan.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (NumberFormatException | java.util.NoSuchElementException e) {
            // an unreadable pid file: let PostgreSQL judge it
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the PostgreSQL left running on " + dataDirectory + " did not stop", e);
        }
    }

    /** Stops the server; connections break. {@link #start()} brings it back with its data. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    /**
     * Stops the server as a crash would: PostgreSQL's immediate shutdown (SIGQUIT to the postmaster: every
     * process exits at once, no checkpoint), so {@link #start()} runs crash recovery from the WAL.
     */
    public synchronized void crash() {
        if (server == null) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
            var postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
            new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start().waitFor();
            postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not exit after SIGQUIT", e);
        } finally {
            // releases the data directory's lock; its own stop of the (dead) postmaster only logs a failure
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                // the postmaster is gone, which is what close() wanted
            }
            server = null;
        }
    }

    /** Stops the server; a throwaway server's data is deleted (a test run must not fill the disk), a kept one's stays. */
    @Override
    public void close() {
        stop();
        if (!throwaway) {
            return;
        }
        try (var paths = Files.walk(dataDirectory)) {
            for (var path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dataDirectory, e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** The maintenance database as the superuser, for creating databases and inspecting the server. */
    public synchronized DataSource adminDataSource() {
        if (server == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
        }
        return server.getPostgresDatabase();
    }

    /** Creates an empty database with pg_stat_statements installed and returns its name. */
    public String createDatabase(String prefix) {
        var name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        execute(adminDataSource(), "create database " + name);
        var url = jdbcUrl(name);
        try (Connection c = java.sql.DriverManager.getConnection(url, USER, "")) {
            c.createStatement().execute("create extension if not exists pg_stat_statements");
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare database " + name, e);
        }
        return name;
    }

    private static void execute(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}
