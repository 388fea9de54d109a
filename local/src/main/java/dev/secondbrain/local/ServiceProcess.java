package dev.secondbrain.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One service of the pipeline as its own operating-system process: {@code java -jar <service>-exec.jar} with
 * the environment variables a deployment sets (as in docker-compose.yml). Its pid is kept in the data
 * directory so that a process left running by a launcher that was killed can be found and stopped.
 */
public final class ServiceProcess {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path pidFile;
    private final Path logFile;
    private volatile Process process;

    /**
     * @param name        how the process is known in logs and its pid file, e.g. {@code classify-worker-2}
     * @param jar         the service's executable jar
     * @param port        its HTTP port (also {@code SERVER_PORT})
     * @param environment its settings, as environment variables
     * @param runDirectory where its pid file lives
     * @param logFile      where its output goes; null = this process's console
     */
    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path runDirectory,
                   Path logFile) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.pidFile = runDirectory.resolve(name + ".pid");
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** The running process, for tests that kill it; empty when it is not running. */
    public Optional<Process> process() {
        var current = process;
        return current != null && current.isAlive() ? Optional.of(current) : Optional.empty();
    }

    /** Starts the process; its output goes to the console or, when one is set, to its log file. */
    synchronized void start() {
        var command = new ArrayList<>(List.of(javaExecutable(), "-Xmx1g"));
        // Kafka's clients use sun.misc.Unsafe and native lz4: allowed, so the JDK does not warn about it at start
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", jar.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (logFile == null) {
            builder.inheritIO();
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        }
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        try {
            process = builder.start();
            // the jar's name beside the pid tells a leftover of ours from an unrelated process that reused the pid
            Files.writeString(pidFile, process.pid() + " " + jar.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " from " + jar, e);
        }
    }

    /** Waits until its readiness probe answers UP; fails fast when the process ends first. */
    public void awaitReady() {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var probe = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " stopped while starting (exit code "
                        + (current == null ? "none" : current.exitValue()) + "); see its log "
                        + (logFile == null ? "above" : "in " + logFile));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos()); // between two looks at the probe
        }
        throw new IllegalStateException(name + " was not ready after " + READY_TIMEOUT);
    }

    /** Asks the process to stop (SIGTERM: a graceful shutdown) and waits; kills it if it does not stop. */
    synchronized void stop() {
        var current = process;
        process = null;
        if (current != null) {
            stop(current.toHandle(), name);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the service processes left running by an earlier launcher that was killed: a pid file is still in
     * {@code runDirectory} and its process still runs the jar named there. Their ports are then free again.
     */
    static void stopLeftovers(Path runDirectory) {
        try (var pidFiles = Files.newDirectoryStream(runDirectory, "*.pid")) {
            for (var pidFile : pidFiles) {
                var fields = Files.readString(pidFile).trim().split(" ", 2);
                var name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
                leftover(fields).ifPresent(process -> {
                    System.err.println("Stopping " + name + " (pid " + process.pid() + "), left running by a run that was killed");
                    stop(process, name);
                });
                Files.delete(pidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid recorded in a pid file, if it holds one. */
    static Optional<Long> pidIn(Path pidFile) {
        try {
            var pid = Files.readString(pidFile).trim().split(" ", 2)[0];
            return pid.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(pid)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<ProcessHandle> leftover(String[] pidAndJar) {
        if (pidAndJar.length < 2 || !pidAndJar[0].matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pidAndJar[0]))
                .filter(p -> p.info().commandLine().map(c -> c.contains(pidAndJar[1])).orElse(false));
    }

    private static void stop(ProcessHandle process, String name) {
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            System.err.println(name + " did not stop within " + STOP_TIMEOUT + ": killing it");
            process.destroyForcibly();
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
