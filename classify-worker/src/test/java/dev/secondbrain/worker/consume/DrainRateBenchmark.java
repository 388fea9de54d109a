package dev.secondbrain.worker.consume;

import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import dev.secondbrain.worker.store.ConsumerOffsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Drain rate of a pre-filled topic into PostgreSQL, with text COPY of comparable rows as the yardstick.
 * On demand only (not a *Tests class, so the default build skips it):
 * {@code ./mvnw -q -pl classify-worker verify -Dtest=DrainRateBenchmark -Ddrain.events=100000 -Ddrain.consumers=1}
 * It prints figures; it asserts nothing about time.
 */
@SpringBootTest(properties = {"pipeline.worker.consumers=0", "pipeline.worker.max-poll-records=1000"})
@WithPipelineInfrastructure
class DrainRateBenchmark {

    static final int EVENTS = Integer.getInteger("drain.events", 50_000);
    static final int CONSUMERS = Integer.getInteger("drain.consumers", 1);
    static final int TENANTS = 1000;
    static final String[] WORDS = ("meeting project deadline roadmap budget review family dinner holiday recipe "
            + "lentil soup onion garlic flight hotel ticket invoice customer sprint release incident postmortem "
            + "hiring interview candidate offer garden weekend birthday present school lesson").split(" ");

    @Autowired Batches batches;
    @Autowired ConsumerOffsets offsets;
    @Autowired WorkerSettings settings;
    @Autowired WorkerTopics topics;
    @Autowired KafkaProperties kafka;
    @Autowired JdbcTemplate jdbc;
    @Autowired DataSource dataSource;

    @Test
    void drainRateOfAPrefilledTopic() throws Exception {
        var tenants = new UUID[TENANTS];
        for (int i = 0; i < TENANTS; i++) {
            tenants[i] = UUID.randomUUID();
        }
        var random = new Random(42);
        Infrastructure.kafka().createMissingTopics(topics.events()); // the intake's topic, as the intake creates it
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 50, ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < EVENTS; i++) {
                producer.send(Events.produced(topics.events(),
                        Events.upsert(tenants[i % TENANTS], "doc-" + i, 1, content(random))));
            }
            producer.flush();
        }
        var run = new WorkerSettings(CONSUMERS, settings.groupId(), settings.instanceId(), settings.maxPollRecords(), settings.pollTimeout(),
                settings.retryBackoff(), settings.retryBackoffMax(), settings.maxPollInterval(), settings.sendTimeout(),
                settings.stuckAfter());
        var consumers = new Consumers(kafka.buildConsumerProperties(), batches, offsets, run, topics, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        long started = System.nanoTime();
        consumers.start();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> jdbc.queryForObject(
                "select coalesce(sum(next_offset), 0) from consumer_offsets where topic = ?", Long.class,
                topics.events()) >= EVENTS);
        double seconds = (System.nanoTime() - started) / 1e9;
        consumers.stop();
        // printed before the COPY comparison, which the worker's login cannot run on a table with row-level security
        System.out.printf("DRAIN: %d events of ~1 KB, %d consumer(s): %.1f s = %.0f docs/s%n", EVENTS, CONSUMERS,
                seconds, EVENTS / seconds);
        double copy = copyRate(tenants, random);
        System.out.printf("DRAIN: %d events of ~1 KB, %d consumer(s): %.1f s = %.0f docs/s; text COPY of the same "
                + "kind of rows: %.0f rows/s; ratio %.2f%n", EVENTS, CONSUMERS, seconds, EVENTS / seconds, copy,
                (EVENTS / seconds) / copy);
    }

    private double copyRate(UUID[] tenants, Random random) throws Exception {
        var rows = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            rows.append(tenants[i % TENANTS]).append("\tcopy-").append(i).append("\tnotes\t1\tTitle\t")
                    .append(content(random)).append("\ttext/plain\t{\"k\": \"v\"}\twork\t0.9\n");
        }
        try (var connection = dataSource.getConnection()) {
            long started = System.nanoTime();
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy documents (tenant_id, external_id, source, version, title, content, mime_type, metadata,
                        category, confidence) from stdin""", new StringReader(rows.toString()));
            return EVENTS / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static String content(Random random) {
        var text = new StringBuilder(1100);
        while (text.length() < 1000) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(500)).append(' ');
        }
        return text.toString();
    }
}
