package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.secondbrain.worker.consume.Events.delete;
import static dev.secondbrain.worker.consume.Events.produced;
import static dev.secondbrain.worker.consume.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running worker: two consumer threads (two members of one group) reading the real topic, records
 * produced raw with a plain producer as a connector might.
 */
@SpringBootTest(properties = {"pipeline.worker.consumers=2", "pipeline.worker.max-poll-records=500",
        "pipeline.worker.retry-backoff-max=1s"})
@WithPipelineInfrastructure
class ConsumerLoopIntegrationTests {

    /** Events of the scale test (the target: 100k across 1k tenants); lower them with -Dworker.scale.events=... */
    static final int EVENTS = Integer.getInteger("worker.scale.events", 100_000);
    static final int TENANTS = Integer.getInteger("worker.scale.tenants", 1_000);

    static KafkaProducer<byte[], byte[]> producer;

    @Autowired JdbcTemplate jdbc;
    @Autowired WorkerTopics topics;
    @Autowired WorkerSettings settings;
    @Autowired MeterRegistry registry;
    @Autowired Consumers consumers;
    @Autowired Batches batches;
    @Autowired dev.secondbrain.worker.store.ConsumerOffsets offsets;
    @Autowired org.springframework.boot.kafka.autoconfigure.KafkaProperties kafka;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    /** The events topic is the intake's: this test produces as the intake would, so it creates it as the intake would. */
    @BeforeEach
    void eventsTopic() {
        Infrastructure.kafka().createMissingTopics(topics.events());
    }

    private void send(DocumentEvent event) {
        producer.send(produced(topics.events(), event));
    }

    @Test
    void twoConsumersInOneGroupApplyEveryKeyExactlyOnceAtItsNewestVersion() throws Exception {
        awaitGroupMembers(2);
        var tenants = new UUID[TENANTS];
        for (int t = 0; t < TENANTS; t++) {
            tenants[t] = UUID.randomUUID();
        }
        int keys = EVENTS / 3;
        long before = committed();
        for (int version = 1; version <= 3; version++) {
            for (int k = 0; k < keys; k++) {
                var tenant = tenants[k % TENANTS];
                send(version == 3 && k % 10 == 0 ? delete(tenant, "doc-" + k, 3)
                        : upsert(tenant, "doc-" + k, version, "version " + version + " of document " + k));
            }
        }
        producer.flush();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> committed() >= before + 3L * keys);
        var summary = jdbc.queryForMap("""
                select count(*) as rows, count(distinct (tenant_id, external_id)) as keys,
                       count(*) filter (where version = 3) as newest,
                       count(*) filter (where deleted_by = 'source') as tombstones,
                       count(*) filter (where deleted_by is null and content like 'version 3 %') as live_newest
                from documents where external_id like 'doc-%'
                """);
        assertThat(summary).containsEntry("rows", (long) keys).containsEntry("keys", (long) keys)
                .containsEntry("newest", (long) keys)
                .containsEntry("tombstones", (long) (keys + 9) / 10)
                .containsEntry("live_newest", (long) keys - (keys + 9) / 10);
        assertThat(jdbc.queryForObject("select n from document_counts where dimension = 'total' and tenant_id = ?",
                Long.class, tenants[1])).isPositive();
    }

    @Test
    void databaseOutageIsRetriedNeverDeadLetteredAndEverythingAppliesWhenItReturns() {
        var tenant = UUID.randomUUID();
        var retries = registry.get("pipeline.worker.batch.retries").counter();
        double retriesBefore = retries.count();
        try (var deadLetters = new DeadLetterReader(Infrastructure.kafka().bootstrapServers(), topics.deadLetter())) {
            Infrastructure.postgres().stop();
            try {
                for (int i = 0; i < 200; i++) {
                    send(upsert(tenant, "outage-" + i, 1, "written while the database was down"));
                }
                producer.flush();
                await().atMost(Duration.ofSeconds(60)).until(() -> retries.count() > retriesBefore + 3);
            } finally {
                Infrastructure.postgres().start();
            }
            // the pool reconnects while the server comes back: failed attempts on the way are expected
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> jdbc.queryForObject(
                    "select count(*) from documents where tenant_id = ?", Long.class, tenant) == 200);
            assertThat(consumers.health().getStatus()).isEqualTo(Status.UP);

            // control: a record that IS a dead letter shows up, so the empty check below can fail
            producer.send(new ProducerRecord<>(topics.events(), (tenant + "/control").getBytes(StandardCharsets.UTF_8),
                    "not an event".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters.withKeyPrefix(tenant + "/control").isEmpty());
            assertThat(deadLetters.withKeyPrefix(tenant.toString())).hasSize(1);
        }
    }

    @Test
    void aWorkerInstanceJoiningAndLeavingMidStreamLosesNothing() {
        awaitGroupMembers(2);
        var tenant = UUID.randomUUID();
        int keys = 5_000;
        long before = committed();
        // a second worker instance (two more consumer threads) joins the group, then leaves while the
        // stream is being consumed: two rebalances, partitions move between instances mid-stream
        // another process: another instance id (static members must differ between processes)
        var elsewhere = new WorkerSettings(settings.consumers(), settings.groupId(), "second-instance",
                settings.maxPollRecords(), settings.pollTimeout(), settings.retryBackoff(), settings.retryBackoffMax(),
                settings.maxPollInterval(), settings.sendTimeout(), settings.stuckAfter());
        var second = new Consumers(kafka.buildConsumerProperties(), batches, offsets, elsewhere, topics, registry);
        second.start();
        try {
            awaitGroupMembers(4);
            for (int version = 1; version <= 4; version++) {
                for (int k = 0; k < keys; k++) {
                    send(upsert(tenant, "r-" + k, version, "version " + version));
                }
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(1)).until(() -> committed() > before);
        } finally {
            second.stop();
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> committed() >= before + 4L * keys);
        assertThat(jdbc.queryForMap("""
                select count(*) as rows, count(*) filter (where version = 4 and content = 'version 4') as newest
                from documents where tenant_id = ?""", tenant))
                .containsEntry("rows", (long) keys).containsEntry("newest", (long) keys);
    }

    /**
     * A worker killed with {@code kill -9} and started again at once (the local stack's supervisor, a container
     * restart): its static member never left the group, so the broker refuses the same instance id
     * (UNRELEASED_INSTANCE_ID) until its session timeout (10 s here) releases it. The consumer rejoins then
     * instead of ending for good with the worker not ready.
     */
    @Test
    void aWorkerKilledWithSigkillAndStartedAgainAtOnceRejoinsOnceTheBrokerReleasesItsInstanceId() throws Exception {
        var instance = "killed-" + UUID.randomUUID().toString().substring(0, 8);
        var java = ProcessHandle.current().info().command().orElse("java");
        var killed = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StaticMember.class.getName(),
                Infrastructure.kafka().bootstrapServers(), settings.groupId(), instance + "-0", topics.events())
                .redirectErrorStream(true).start();
        try {
            var output = new java.io.BufferedReader(new java.io.InputStreamReader(killed.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null && !line.equals("assigned")) {
                // the member's own log lines
            }
            assertThat(line).as("the member in the other process got partitions").isEqualTo("assigned");
        } finally {
            killed.destroyForcibly().waitFor();
        }
        var restarted = new WorkerSettings(1, settings.groupId(), instance, settings.maxPollRecords(),
                settings.pollTimeout(), settings.retryBackoff(), settings.retryBackoffMax(), settings.maxPollInterval(),
                settings.sendTimeout(), settings.stuckAfter());
        var again = new Consumers(kafka.buildConsumerProperties(), batches, offsets, restarted, topics, registry);
        again.start();
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafka().bootstrapServers()))) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(again.health().getDetails()).as("never given up").doesNotContainKey("stoppedConsumers");
                var members = admin.describeConsumerGroups(List.of(settings.groupId())).all().get()
                        .get(settings.groupId()).members();
                // the restarted consumer (its client id, not the killed member's) holds partitions
                return members.stream().anyMatch(m -> m.groupInstanceId().orElse("").equals(instance + "-0")
                        && m.clientId().equals(settings.groupId() + "-" + instance + "-0")
                        && !m.assignment().topicPartitions().isEmpty());
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> again.health().getStatus().equals(Status.UP));
        } finally {
            again.stop();
        }
    }

    /** A static member in its own process, for the test above to kill: prints "assigned" once it has partitions. */
    public static final class StaticMember {
        public static void main(String[] args) {
            try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
                    "bootstrap.servers", args[0], "group.id", args[1], "group.instance.id", args[2],
                    "group.protocol", "consumer", "enable.auto.commit", false,
                    "key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class,
                    "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class))) {
                consumer.subscribe(List.of(args[3]));
                boolean said = false;
                while (true) {
                    consumer.poll(Duration.ofMillis(200));
                    if (!said && !consumer.assignment().isEmpty()) {
                        System.out.println("assigned");
                        System.out.flush();
                        said = true;
                    }
                }
            }
        }
    }

    @Test
    void createsItsDeadLetterTopicWithItsPartitionsRetentionAndRecordSize() throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafka().bootstrapServers()))) {
            var topic = admin.describeTopics(List.of(topics.deadLetter())).allTopicNames().get().get(topics.deadLetter());
            assertThat(topic.partitions()).hasSize(topics.deadLetterPartitions());
            var configs = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetter())))
                    .all().get().values().iterator().next();
            assertThat(configs.get("retention.ms").value()).isEqualTo(String.valueOf(topics.deadLetterRetention().toMillis()));
            assertThat(configs.get("max.message.bytes").value())
                    .isEqualTo(String.valueOf(topics.deadLetterMaxRecordSize().toBytes()));
        }
    }

    private long committed() {
        return jdbc.queryForObject("select coalesce(sum(next_offset), 0) from consumer_offsets where topic = ?",
                Long.class, topics.events());
    }

    private void awaitGroupMembers(int members) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafka().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var group = admin.describeConsumerGroups(List.of(settings.groupId())).all().get().get(settings.groupId());
                return group.members().size() == members
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }
}
