package dev.secondbrain.bench;

import dev.secondbrain.embedded.KafkaBroker;
import dev.secondbrain.embedded.PostgresServer;
import dev.secondbrain.schemas.DocumentEvent;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The peer a user would otherwise pick: Debezium's JDBC sink connector in a Kafka Connect standalone worker
 * started in this JVM, consuming the same documents (as Connect JSON with schema, see {@link ConnectRecords})
 * in upsert mode into the same schema (a database migrated as ours, so the same columns, indexes, GIN on the
 * same tsvector and the same counter triggers). The connector is loaded from {@code plugin.path}
 * ({@code target/connect-plugins}, filled by the build from Debezium's plugin archive) in its own class loader.
 * <p>
 * What it does not do and ours does: no version guard (a late older event overwrites a newer row), no tombstone
 * rules (a source delete removes the row, so a late upsert brings it back; no provenance, no restore), no
 * classification, no content hash (so a re-sync of unchanged documents rewrites every row), no offsets in the
 * data's transaction (Connect commits them to Kafka afterwards: at-least-once), no dead letters of bad rows by
 * row. The counters it gets from the schema's triggers.
 */
final class JdbcSinkPeer {

    /** A drain: steady rate in events per second, measured from the first row visible to the last. */
    record Drained(double eventsPerSecond, String databaseName) {
    }

    private final PostgresServer postgres;
    private final KafkaBroker kafka;

    JdbcSinkPeer(PostgresServer postgres, KafkaBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static Path pluginPath() {
        var path = Path.of(System.getProperty("bench.connect-plugins", "target/connect-plugins")).toAbsolutePath();
        if (!Files.isDirectory(path.resolve("debezium-connector-jdbc"))) {
            throw new IllegalStateException("no Debezium JDBC sink in " + path + ": build bench with Maven first "
                    + "(its generate-resources phase unpacks the connector there), or set -Dbench.connect-plugins");
        }
        return path;
    }

    Drained drain(List<DocumentEvent> events, int batchSize) throws Exception {
        var database = Bench.migrate(postgres, "bench_peer");
        var topic = "bench.peer." + UUID.randomUUID();
        kafka.createTopics(topic);
        var sentinels = ConnectRecords.fill(kafka.bootstrapServers(), topic, events);
        var offsets = Files.createTempFile("connect-offsets-", ".dat");
        var connect = start(offsets);
        try {
            create(connect, topic, database, batchSize);
            return new Drained(await(JdbcClient.create(Bench.dataSource(postgres, database)), sentinels,
                    events.size()), database);
        } finally {
            connect.stop();
            connect.awaitStop();
            delete(offsets);
        }
    }

    private Connect<StandaloneHerder> start(Path offsets) {
        return new ConnectStandalone().startConnect(Map.ofEntries(
                Map.entry("bootstrap.servers", kafka.bootstrapServers()),
                Map.entry("key.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("key.converter.schemas.enable", "true"),
                Map.entry("value.converter.schemas.enable", "true"),
                // standalone requires a file for source offsets; a sink's offsets go to its consumer group
                Map.entry("offset.storage.file.filename", offsets.toString()),
                Map.entry("offset.flush.interval.ms", "1000"),
                Map.entry("listeners", "http://127.0.0.1:0"),
                Map.entry("plugin.path", pluginPath().toString()),
                // the connector declares itself through ServiceLoader: no reflective scan of this big classpath
                Map.entry("plugin.discovery", "service_load"),
                // as many records per poll as our worker takes per micro-batch
                Map.entry("consumer.max.poll.records", "1000")));
    }

    private void create(Connect<StandaloneHerder> connect, String topic, String database, int batchSize)
            throws Exception {
        var config = Map.ofEntries(
                Map.entry("name", "bench-peer"),
                Map.entry("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector"),
                Map.entry("tasks.max", "1"),
                Map.entry("topics", topic),
                Map.entry("connection.url", postgres.jdbcUrl(database)),
                Map.entry("connection.username", PostgresServer.USER),
                Map.entry("connection.password", ""),
                Map.entry("insert.mode", "upsert"),
                Map.entry("delete.enabled", "true"),
                Map.entry("primary.key.mode", "record_key"),
                Map.entry("schema.evolution", "none"),
                Map.entry("collection.name.format", "documents"),
                Map.entry("use.time.zone", "UTC"),
                Map.entry("batch.size", Integer.toString(batchSize)));
        var created = new FutureCallback<Herder.Created<ConnectorInfo>>();
        connect.herder().putConnectorConfig("bench-peer", config, false, created);
        created.get(60, TimeUnit.SECONDS);
    }

    /**
     * Waits until every partition's sentinel (the last record of each partition) is in the table, and returns the
     * steady rate from the first rows seen: the events before that moment are estimated by the rows then present
     * (the corpus begins with new documents only), so the connector's start-up is not counted, as for ours.
     */
    private static double await(JdbcClient jdbc, List<String> sentinels, long events) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        long firstAt = 0;
        long firstRows = 0;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (firstAt == 0) {
                long rows = jdbc.sql("select count(*) from documents").query(Long.class).single();
                if (rows > 0) {
                    firstAt = now;
                    firstRows = rows;
                }
            }
            long arrived = jdbc.sql("select count(*) from documents where external_id = any(?)")
                    .param(sentinels.toArray(String[]::new)).query(Long.class).single();
            if (arrived == sentinels.size()) {
                return (events - firstRows) / ((now - firstAt) / 1e9);
            }
            LockSupport.parkNanos(5_000_000L); // poll every 5 ms, like ours
        }
        throw new IllegalStateException("the JDBC sink did not drain within 20 minutes");
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
