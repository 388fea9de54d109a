package dev.secondbrain.local;

import dev.secondbrain.schemas.Topics;
import dev.secondbrain.testkit.KafkaBroker;
import dev.secondbrain.testkit.PostgresServer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The embedded default: a real PostgreSQL and a real Kafka broker in this JVM's process tree, then the
 * three services, each its own Spring context on its own port. Ctrl-C stops everything in reverse order.
 */
public final class LocalPipeline {

    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 9092;
    static final String DATABASE = "pipeline";

    private LocalPipeline() {
    }

    public static void main(String[] args) throws IOException, SQLException {
        var running = new ArrayList<AutoCloseable>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running), "local-pipeline-stop"));

        var data = Files.createTempDirectory("secondbrain-local-");
        var postgres = PostgresServer.start(POSTGRES_PORT, data.resolve("postgres"));
        running.add(postgres);
        try (var c = postgres.adminDataSource().getConnection()) {
            c.createStatement().execute("create database " + DATABASE);
        }
        var kafka = KafkaBroker.start(KAFKA_PORT);
        running.add(kafka);
        kafka.createTopics(Topics.EVENTS, Topics.DEAD_LETTER, Topics.CHANGES);

        var adminToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
        var common = List.of(
                "spring.datasource.url=" + postgres.jdbcUrl(DATABASE),
                "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "pipeline.admin.token=" + adminToken);
        for (var service : Service.values()) {
            ConfigurableApplicationContext context = service.start(common);
            running.add(context::close);
        }
        System.out.println(Banner.text(postgres.jdbcUrl(DATABASE), kafka.bootstrapServers(), adminToken, data));
    }

    private static void stopAll(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }
}
