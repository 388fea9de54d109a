package dev.secondbrain.local;

import dev.secondbrain.schemas.Topics;
import dev.secondbrain.testkit.KafkaBroker;
import dev.secondbrain.testkit.PostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The embedded default: a real PostgreSQL and a real Kafka broker, then the three services, each its own
 * Spring context on its own port, all in this JVM. {@link #close()} stops everything in reverse order.
 */
public final class LocalPipeline implements AutoCloseable {

    static final String DATABASE = "pipeline";

    /** Where PostgreSQL and the services listen; 0 = any free port. The broker takes a free port (printed). */
    public record Ports(int postgres, int api, int ingest, int worker) {

        public static final Ports DEFAULT = new Ports(15432, 8080, 8081, 8082);
        public static final Ports ANY = new Ports(0, 0, 0, 0);
    }

    private final List<AutoCloseable> running = new ArrayList<>();
    private final String adminToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    private String jdbcUrl;
    private String bootstrapServers;
    private Path data;
    private int apiPort;
    private int ingestPort;
    private int workerPort;

    private LocalPipeline() {
    }

    public static LocalPipeline start(Ports ports) throws IOException, SQLException {
        var pipeline = new LocalPipeline();
        try {
            pipeline.startAll(ports);
        } catch (IOException | SQLException | RuntimeException e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }

    public static void main(String[] args) throws IOException, SQLException {
        var pipeline = start(Ports.DEFAULT);
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "local-pipeline-stop"));
        var demo = DemoTenant.create(pipeline);
        System.out.println(Banner.text(pipeline, demo));
    }

    private void startAll(Ports ports) throws IOException, SQLException {
        data = Files.createTempDirectory("secondbrain-local-");
        var postgres = PostgresServer.start(ports.postgres(), data.resolve("postgres"), false);
        running.add(postgres);
        try (var c = postgres.adminDataSource().getConnection()) {
            c.createStatement().execute("create database " + DATABASE);
        }
        jdbcUrl = postgres.jdbcUrl(DATABASE);
        var kafka = KafkaBroker.start();
        running.add(kafka);
        bootstrapServers = kafka.bootstrapServers();
        kafka.createTopics(Topics.EVENTS, Topics.DEAD_LETTER, Topics.CHANGES);
        var common = List.of(
                "spring.datasource.url=" + jdbcUrl,
                "spring.kafka.bootstrap-servers=" + bootstrapServers,
                "pipeline.admin.token=" + adminToken,
                "pipeline.topics.create=false");
        ingestPort = port(Service.INGEST.start(common, ports.ingest()));
        workerPort = port(Service.WORKER.start(common, ports.worker()));
        apiPort = port(Service.API.start(common, ports.api()));
    }

    private int port(Service.Running service) {
        running.add(service);
        return service.port();
    }

    public String apiUrl() {
        return "http://localhost:" + apiPort;
    }

    public String ingestUrl() {
        return "http://localhost:" + ingestPort;
    }

    public String workerUrl() {
        return "http://localhost:" + workerPort;
    }

    public String adminToken() {
        return adminToken;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDirectory() {
        return data;
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        running.clear();
    }
}
