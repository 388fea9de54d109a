package dev.secondbrain.local;

import dev.secondbrain.embedded.FreePort;
import dev.secondbrain.embedded.KafkaBroker;
import dev.secondbrain.embedded.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The embedded default: a real PostgreSQL and a real Kafka broker that keep their data in one directory
 * between runs, and the services, each its own process started from its executable jar with the environment
 * variables of a deployment (docker-compose.yml), each with its own database login (provisioned here as the
 * server's superuser, passwords kept in {@link Credentials}): the intake first (it migrates the store, as the
 * owner), then the worker(s), each with an instance id of its own, the change feed and the read API. The broker has
 * auto-create off and nothing here creates a topic: as in a deployment, each service creates the one it owns. A
 * service process that ends on its own is started again. {@link #close()} stops everything in reverse order and
 * keeps the data.
 */
public final class LocalPipeline implements AutoCloseable {

    static final String DATABASE = "pipeline";

    private final LocalOptions options;
    private final Credentials credentials;
    private final List<AutoCloseable> infrastructure = new ArrayList<>();
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    private String jdbcUrl;
    private String bootstrapServers;

    private LocalPipeline(LocalOptions options, Credentials credentials) {
        this.options = options;
        this.credentials = credentials;
    }

    /** Starts everything and returns once every service is ready. */
    public static LocalPipeline start(LocalOptions options) {
        prepare(options);
        var pipeline = new LocalPipeline(options, Credentials.in(options.dataDirectory()));
        try {
            pipeline.startAll();
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }

    public static void main(String[] args) {
        var options = LocalOptions.parse(args);
        var pipeline = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "local-pipeline-stop"));
        var demo = DemoTenant.ensure(pipeline);
        System.out.println(Banner.text(pipeline, demo));
    }

    /** The data directory exists (emptied first with {@code --fresh}) and nothing of an earlier run still runs. */
    private static void prepare(LocalOptions options) {
        try {
            Files.createDirectories(options.runDirectory());
            ServiceProcess.stopLeftovers(options.runDirectory());
            PostgresServer.stopLeftover(options.dataDirectory().resolve("postgres"));
            if (options.fresh()) {
                System.err.println("Starting empty: deleting " + options.dataDirectory());
                deleteRecursively(options.dataDirectory());
                Files.createDirectories(options.runDirectory());
            }
            Files.createDirectories(options.logDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startAll() {
        var ports = options.ports().resolved();
        ports.requireFree();
        var postgres = PostgresServer.start(ports.postgres(), options.dataDirectory().resolve("postgres"), true);
        infrastructure.add(postgres);
        createDatabaseIfMissing(postgres);
        // as the server's superuser, before the intake migrates as the owner: every service logs in as its own
        credentials.database().provision(postgres, DATABASE);
        jdbcUrl = postgres.jdbcUrl(DATABASE);
        var kafka = KafkaBroker.start(options.dataDirectory().resolve("kafka"), ports.kafka(), ports.kafkaController());
        infrastructure.add(kafka);
        bootstrapServers = kafka.bootstrapServers();
        // no topic is created here: as in a deployment, each service creates the topic it owns
        var ingest = service("ingest-service", "ingest-service", ports.ingest(), Map.of());
        ingest.start();
        ingest.awaitReady(); // it migrates the store before the others use it
        var others = new ArrayList<ServiceProcess>();
        for (int i = 0; i < options.workers(); i++) {
            var name = i == 0 ? "classify-worker" : "classify-worker-" + (i + 1);
            // workers on one host: each its own static group member, the same one again after a restart
            others.add(service("classify-worker", name, ports.worker(i), Map.of("PIPELINE_WORKER_INSTANCE_ID", name)));
        }
        others.add(service("change-feed", "change-feed", ports.changeFeed(), Map.of()));
        // the local stack's webhooks may go to a receiver on this machine (the SSRF guard refuses loopback otherwise)
        others.add(service("api-service", "api-service", ports.api(), Map.of("PIPELINE_WEBHOOKS_ALLOW_LOOPBACK", "true")));
        others.forEach(ServiceProcess::start);
        others.forEach(ServiceProcess::awaitReady);
    }

    private ServiceProcess service(String module, String name, int port, Map<String, String> own) {
        var environment = new LinkedHashMap<String, String>();
        environment.put("SPRING_DATASOURCE_URL", jdbcUrl);
        var login = credentials.database().of(module);
        environment.put("SPRING_DATASOURCE_USERNAME", login.user());
        environment.put("SPRING_DATASOURCE_PASSWORD", login.password());
        if (module.equals("ingest-service")) {
            // the intake migrates the store, as its owner (only its Flyway uses this login)
            environment.put("SPRING_FLYWAY_USER", credentials.database().ownerLogin().user());
            environment.put("SPRING_FLYWAY_PASSWORD", credentials.database().ownerLogin().password());
        }
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        environment.put("PIPELINE_ADMIN_TOKEN", credentials.adminToken());
        environment.put("PIPELINE_API_CURSOR_SECRET", credentials.cursorSecret());
        // a unique Kafka client id per process (two workers must not share one)
        environment.put("SPRING_KAFKA_CLIENT_ID", name);
        // the console shows our services' own messages and every warning; operators raise levels the same way
        environment.put("LOGGING_LEVEL_ROOT", "WARN");
        environment.put("LOGGING_LEVEL_DEV_SECONDBRAIN", "INFO");
        environment.put("LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_BOOT_TOMCAT", "INFO");
        environment.put("LOGGING_LEVEL_ORG_APACHE_KAFKA", "ERROR");
        environment.putAll(own);
        environment.putAll(options.environment());
        var process = new ServiceProcess(name, options.jar(module), port, Map.copyOf(environment),
                options.runDirectory(), options.consoleLogs() ? null : options.logDirectory().resolve(name + ".log"));
        services.add(process);
        watch(process);
        return process;
    }

    /**
     * A service process that ends while the pipeline runs is reported and started again, like a supervisor
     * would, after a pause that doubles while it keeps ending within a minute (1 s up to 1 min).
     */
    private void watch(ServiceProcess service) {
        Thread.ofVirtual().name("watch-" + service.name()).start(() -> {
            var pause = Duration.ofSeconds(1);
            while (!closing) {
                var process = service.process();
                if (process.isEmpty()) {
                    LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // not started yet
                    continue;
                }
                long started = System.nanoTime();
                int exit = process.get().onExit().join().exitValue();
                if (closing || !options.restartServices()) {
                    return;
                }
                pause = System.nanoTime() - started > Duration.ofMinutes(1).toNanos() ? Duration.ofSeconds(1)
                        : min(pause.multipliedBy(2), Duration.ofMinutes(1));
                System.err.println(service.name() + " exited with code " + exit + "; starting it again in " + pause);
                LockSupport.parkNanos(pause.toNanos());
                if (!closing) {
                    service.start();
                }
            }
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void createDatabaseIfMissing(PostgresServer postgres) {
        try (var c = postgres.adminDataSource().getConnection();
             var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                c.createStatement().execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + DATABASE, e);
        }
    }

    /** The running service process of that name ({@code ingest-service}, {@code classify-worker-2}, ...). */
    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    public String apiUrl() {
        return service("api-service").url();
    }

    public String ingestUrl() {
        return service("ingest-service").url();
    }

    public String workerUrl() {
        return service("classify-worker").url();
    }

    public String changeFeedUrl() {
        return service("change-feed").url();
    }

    public String adminToken() {
        return credentials.adminToken();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDirectory() {
        return options.dataDirectory();
    }

    Credentials credentials() {
        return Credentials.in(options.dataDirectory());
    }

    @Override
    public void close() {
        closing = true;
        CompletableFuture.allOf(services.reversed().stream()
                .map(s -> CompletableFuture.runAsync(s::stop)).toArray(CompletableFuture[]::new)).join();
        for (int i = infrastructure.size() - 1; i >= 0; i--) {
            try {
                infrastructure.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        infrastructure.clear();
        if (options.deleteOnClose()) {
            try {
                deleteRecursively(options.dataDirectory());
            } catch (IOException e) {
                System.err.println("could not delete " + options.dataDirectory() + ": " + e);
            }
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (var path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
