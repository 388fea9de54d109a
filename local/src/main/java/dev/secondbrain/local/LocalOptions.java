package dev.secondbrain.local;

import dev.secondbrain.embedded.FreePort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How the local stack runs: where its data lives, its ports, how many workers, where the service jars are.
 *
 * @param dataDirectory   PostgreSQL's and Kafka's data, the credentials and the pid files; kept between runs
 * @param fresh           delete the data directory before starting
 * @param ports           where everything listens
 * @param workers         worker processes (one consumer group)
 * @param project         the repository's root, whose {@code <module>/target/<module>-*-exec.jar} are run
 * @param environment     more environment variables for every service (e.g. a setting under test)
 * @param restartServices start a service process again when it ends on its own
 * @param deleteOnClose   delete the data directory when the pipeline is closed (tests, the bench)
 * @param consoleLogs     services log to this process's console; otherwise to {@code logs/<service>.log} in the
 *                        data directory
 */
public record LocalOptions(Path dataDirectory, boolean fresh, Ports ports, int workers, Path project,
                           Map<String, String> environment, boolean restartServices, boolean deleteOnClose,
                           boolean consoleLogs) {

    static final String USAGE = """
            usage: LocalPipeline [--fresh] [--data-dir=DIR] [--workers=N] [--postgres-port=P] [--kafka-port=P]
                                 [--api-port=P] [--ingest-port=P] [--worker-port=P] [--change-feed-port=P]
              --fresh      start empty: delete the data directory first (default ~/.secondbrain/local)
            """;

    /**
     * Where everything listens; 0 = a free port chosen at start. The Kafka controller listens on
     * {@code kafka + 1} when {@code kafka} is fixed. Workers after the first listen after the change feed.
     */
    public record Ports(int postgres, int kafka, int api, int ingest, int worker, int changeFeed) {

        public static final Ports DEFAULT = new Ports(15432, 19092, 8080, 8081, 8082, 8083);
        public static final Ports ANY = new Ports(0, 0, 0, 0, 0, 0);

        /** Free ports in place of every 0. */
        Resolved resolved() {
            return new Resolved(orFree(postgres), orFree(kafka), kafka == 0 ? FreePort.find() : kafka + 1,
                    orFree(api), orFree(ingest), orFree(worker), orFree(changeFeed), worker == 0);
        }

        private static int orFree(int port) {
            return port == 0 ? FreePort.find() : port;
        }
    }

    /** Ports after free ones were chosen. */
    record Resolved(int postgres, int kafka, int kafkaController, int api, int ingest, int worker, int changeFeed,
                    boolean anyWorkerPort) {

        int worker(int index) {
            if (index == 0) {
                return worker;
            }
            return anyWorkerPort ? FreePort.find() : changeFeed + index;
        }

        /** Fails with the option to change when another program holds one of the ports. */
        void requireFree() {
            var wanted = new LinkedHashMap<String, Integer>();
            wanted.put("--postgres-port", postgres);
            wanted.put("--kafka-port", kafka);
            wanted.put("--kafka-port (its controller, the port after it)", kafkaController);
            wanted.put("--api-port", api);
            wanted.put("--ingest-port", ingest);
            wanted.put("--worker-port", worker);
            wanted.put("--change-feed-port", changeFeed);
            wanted.forEach((option, port) -> {
                if (!FreePort.isFree(port)) {
                    throw new IllegalStateException("port " + port + " is in use by another program; free it or choose "
                            + "another with " + option);
                }
            });
        }
    }

    public static LocalOptions defaults() {
        return new LocalOptions(Path.of(System.getProperty("user.home"), ".secondbrain", "local"), false, Ports.DEFAULT,
                1, findProject(), Map.of(), true, false, true);
    }

    /** For tests and the bench: a temporary data directory deleted at close, free ports, no restarts unless asked. */
    public static LocalOptions throwaway() {
        try {
            return new LocalOptions(Files.createTempDirectory("secondbrain-local-"), false, Ports.ANY, 1, findProject(),
                    Map.of(), false, true, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public LocalOptions withWorkers(int count) {
        return new LocalOptions(dataDirectory, fresh, ports, count, project, environment, restartServices, deleteOnClose,
                consoleLogs);
    }

    public LocalOptions withEnvironment(Map<String, String> more) {
        var all = new LinkedHashMap<>(environment);
        all.putAll(more);
        return new LocalOptions(dataDirectory, fresh, ports, workers, project, Map.copyOf(all), restartServices,
                deleteOnClose, consoleLogs);
    }

    public LocalOptions withRestartServices(boolean restart) {
        return new LocalOptions(dataDirectory, fresh, ports, workers, project, environment, restart, deleteOnClose,
                consoleLogs);
    }

    public LocalOptions withDataDirectory(Path directory) {
        return new LocalOptions(directory, fresh, ports, workers, project, environment, restartServices, deleteOnClose,
                consoleLogs);
    }

    public LocalOptions withPorts(Ports other) {
        return new LocalOptions(dataDirectory, fresh, other, workers, project, environment, restartServices, deleteOnClose,
                consoleLogs);
    }

    Path runDirectory() {
        return dataDirectory.resolve("run");
    }

    Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    public LocalOptions withConsoleLogs(boolean console) {
        return new LocalOptions(dataDirectory, fresh, ports, workers, project, environment, restartServices,
                deleteOnClose, console);
    }

    /** The executable jar of a service module, as the build left it. */
    Path jar(String module) {
        var target = project.resolve(module).resolve("target");
        try (Stream<Path> jars = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return jars.filter(p -> p.getFileName().toString().matches(module + "-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target
                            + ": build first (./mvnw -DskipTests package)"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The command line: {@link #USAGE}. */
    static LocalOptions parse(String[] args) {
        var options = defaults();
        int[] ports = {options.ports.postgres(), options.ports.kafka(), options.ports.api(), options.ports.ingest(),
                options.ports.worker(), options.ports.changeFeed()};
        var names = List.of("--postgres-port=", "--kafka-port=", "--api-port=", "--ingest-port=", "--worker-port=",
                "--change-feed-port=");
        var data = options.dataDirectory;
        boolean fresh = false;
        int workers = 1;
        for (var arg : args) {
            if (arg.equals("--fresh")) {
                fresh = true;
            } else if (arg.startsWith("--data-dir=")) {
                data = Path.of(arg.substring("--data-dir=".length())).toAbsolutePath();
            } else if (arg.startsWith("--workers=")) {
                workers = number(arg, "--workers=", 1, 16);
            } else if (names.stream().anyMatch(arg::startsWith)) {
                var name = names.stream().filter(arg::startsWith).findFirst().orElseThrow();
                ports[names.indexOf(name)] = number(arg, name, 1, 65535);
            } else {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new LocalOptions(data, fresh, new Ports(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]),
                workers, options.project, Map.of(), true, false, true);
    }

    private static int number(String arg, String name, int min, int max) {
        try {
            int value = Integer.parseInt(arg.substring(name.length()));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " takes a number from " + min + " to " + max + "\n" + USAGE);
    }

    /** The repository root: the working directory or one above it (Maven runs a module in its own directory). */
    private static Path findProject() {
        var here = Path.of("").toAbsolutePath();
        for (var candidate : List.of(here, here.getParent())) {
            if (candidate != null && Files.exists(candidate.resolve("ingest-service").resolve("pom.xml"))) {
                return candidate;
            }
        }
        return here;
    }
}
