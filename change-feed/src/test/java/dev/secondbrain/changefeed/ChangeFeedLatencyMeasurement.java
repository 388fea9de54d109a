package dev.secondbrain.changefeed;

import dev.secondbrain.schemas.DocumentChanged;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.testkit.FreshDatabase;
import dev.secondbrain.testkit.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On demand (not a *Tests class): change-feed latency from commit to the event on the topic, at a steady
 * 200 commits/s of 5 rows each, and throughput for one 20,000-row transaction.
 * {@code ./mvnw -q -pl change-feed -am verify -Dtest=ChangeFeedLatencyMeasurement -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ChangeFeedLatencyMeasurement {

    @Test
    void measuresCommitToTopicLatencyAndThroughput() {
        var database = FreshDatabase.create();
        var dataSource = database.dataSource();
        Flyway.configure().dataSource(database.ownerDataSource()).load().migrate();
        var jdbc = JdbcClient.create(dataSource);
        var topic = "documents.changes." + UUID.randomUUID();
        var changesTopic = new ChangeFeedTopics(topic, true, 3, Duration.ofDays(1), null).owned(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers()));
        var settings = new ChangeFeedSettings("slot_" + database.name(), "pipeline_changes",
                Duration.ofSeconds(1), Duration.ofMillis(300), database.name().hashCode(),
                org.springframework.util.unit.DataSize.ofGigabytes(1));
        var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
        var login = Infrastructure.logins().of("change-feed");
        var feed = new ChangeFeed(database.dataSource(login), new EngineProperties(database.jdbcUrl(), login.user(),
                login.password()), producer, settings, changesTopic);
        feed.start();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "measure-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "select count(*) from pg_replication_slots where slot_name = ? and active")
                    .param(settings.slotName()).query(Long.class).single() == 1);
            var tenant = UUID.randomUUID();
            int commits = 1000;
            var latencies = new double[commits * 5];
            var writer = Thread.ofPlatform().start(() -> {
                long next = System.nanoTime();
                for (int c = 0; c < commits; c++) {
                    LockSupport.parkNanos(next - System.nanoTime()); // hold 200 commits/s
                    next += 5_000_000L;
                    jdbc.sql("""
                            insert into documents (tenant_id, external_id, source, version, content)
                            select ?, 'c' || ? || '-' || i, 'notes', 1, 'x' from generate_series(1, 5) i""")
                            .params(tenant, c).update();
                }
            });
            int received = 0;
            while (received < latencies.length) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    var change = EventCodec.mapper().readValue(record.value(), DocumentChanged.class);
                    latencies[received++] = System.currentTimeMillis() - change.committedAt().toEpochMilli();
                }
            }
            joinQuietly(writer);
            Arrays.sort(latencies);

            long bulkStart = System.nanoTime();
            jdbc.sql("""
                    insert into documents (tenant_id, external_id, source, version, content)
                    select ?, 'bulk-' || i, 'notes', 1, 'x' from generate_series(1, 20000) i""").param(tenant).update();
            int bulk = 0;
            while (bulk < 20_000) {
                bulk += consumer.poll(Duration.ofMillis(100)).count();
            }
            double seconds = (System.nanoTime() - bulkStart) / 1e9;
            assertThat(bulk).isEqualTo(20_000);
            System.out.printf("%n[change feed] commit -> topic: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d changes; "
                            + "throughput %.0f changes/s (20,000-row transaction, commit to last event %.1f s)%n",
                    latencies[latencies.length / 2], latencies[(int) (latencies.length * 0.99)],
                    latencies[latencies.length - 1], latencies.length, 20_000 / seconds, seconds);
        } finally {
            feed.stop();
            producer.close();
            jdbc.sql("select pg_drop_replication_slot(?)").param(settings.slotName()).query().listOfRows();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
