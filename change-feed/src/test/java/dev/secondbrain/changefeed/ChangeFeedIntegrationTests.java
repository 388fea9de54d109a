package dev.secondbrain.changefeed;

import dev.secondbrain.schemas.DocumentChanged;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.OwnedTopic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import dev.secondbrain.testkit.FreshDatabase;
import dev.secondbrain.testkit.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The change feed against a real PostgreSQL (wal_level=logical) and a real broker. */
class ChangeFeedIntegrationTests {

    private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    /** Small, so that a feed that stops confirming passes it within a few hundred rows. */
    private static final DataSize MAX_SLOT_LAG = DataSize.ofKilobytes(256);
    private static final String UPSERT = """
            insert into documents (tenant_id, external_id, source, version, content, category)
            values (?, ?, 'notes', ?, 'text', 'work')
            on conflict (tenant_id, external_id) do update set version = excluded.version""";

    private final List<ChangeFeed> feeds = new ArrayList<>();
    private final List<KafkaProducer<String, byte[]>> producers = new ArrayList<>();
    private FreshDatabase database;
    private DataSource dataSource;
    private JdbcClient jdbc;
    private String topic;
    private OwnedTopic changesTopic;
    private ChangeFeedSettings settings;
    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void freshDatabaseAndTopic() {
        database = FreshDatabase.create();
        dataSource = database.dataSource();
        Flyway.configure().dataSource(database.ownerDataSource()).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        topic = "documents.changes." + UUID.randomUUID();
        // not created here: the feed owns its topic and creates it
        changesTopic = topics(true).owned(adminConfig());
        // the publication is the migration's (per database); the slot is the server's, so one per test
        settings = new ChangeFeedSettings("slot_" + database.name(), "pipeline_changes",
                Duration.ofSeconds(1), Duration.ofMillis(300), database.name().hashCode(), MAX_SLOT_LAG);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    @AfterEach
    void stopEverything() {
        feeds.forEach(ChangeFeed::stop);
        producers.forEach(KafkaProducer::close);
        consumer.close();
        changesTopic.close();
        var slot = settings.slotName();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select count(*) from pg_replication_slots where slot_name = ? and active").param(slot)
                .query(Long.class).single() == 0);
        jdbc.sql("select pg_drop_replication_slot(?)").param(slot).query().listOfRows();
    }

    @Test
    void publishesEveryCommittedChangeOnceInCommitOrderAndNothingRolledBack() {
        startFeed(realProducer());
        awaitStreaming();
        upsert("a", 1);
        upsert("a", 2);
        jdbc.sql("update documents set deleted_at = now(), deleted_by = 'source', version = 4, content = null, "
                + "purged_at = now(), last_change = 'deleted' where tenant_id = ? and external_id = 'a'")
                .param(TENANT).update();
        upsert("b", 1);
        upsertRolledBack("a", 3);

        var changes = awaitChanges(4);
        assertThat(changes).hasSize(4);
        assertThat(changes).filteredOn(c -> c.externalId().equals("a"))
                .as("commit order per key (keys on other partitions interleave freely)")
                .extracting(DocumentChanged::version, DocumentChanged::operation, DocumentChanged::deleted)
                .containsExactly(tuple(1L, "created", false), tuple(2L, "updated", false), tuple(4L, "deleted", true));
        assertThat(changes).filteredOn(c -> c.externalId().equals("b"))
                .extracting(DocumentChanged::version, DocumentChanged::operation).containsExactly(tuple(1L, "created"));
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.tenantId()).isEqualTo(TENANT);
            assertThat(c.lsn()).matches("[0-9A-F]+/[0-9A-F]+");
        });
        assertThat(pollFor(Duration.ofSeconds(2))).as("nothing after the committed changes (v3 rolled back)").isEmpty();
    }

    @Test
    void tombstonesCarryTheirProvenanceAndRestoresAndErasuresAreNamed() {
        startFeed(realProducer());
        awaitStreaming();
        upsert("p", 1);
        jdbc.sql("update documents set deleted_at = now(), deleted_by = 'user', last_change = 'deleted' "
                + "where tenant_id = ? and external_id = 'p'").param(TENANT).update();
        jdbc.sql("update documents set deleted_at = null, deleted_by = null, last_change = 'restored' "
                + "where tenant_id = ? and external_id = 'p'").param(TENANT).update();
        jdbc.sql("update documents set deleted_at = now(), deleted_by = 'user', purged_at = now(), content = null, "
                + "last_change = 'purged' where tenant_id = ? and external_id = 'p'").param(TENANT).update();
        // control: a write that is none of these (a bulk classification) is an update
        jdbc.sql("update documents set category = 'x', last_change = 'updated' where tenant_id = ? and external_id = 'p'")
                .param(TENANT).update();

        assertThat(awaitChanges(5)).extracting(DocumentChanged::operation, DocumentChanged::deleted,
                        DocumentChanged::deletedBy)
                .containsExactly(tuple("created", false, null), tuple("deleted", true, "user"),
                        tuple("restored", false, null), tuple("purged", true, "user"), tuple("updated", true, "user"));
    }

    @Test
    void standbyTakesOverWhenTheActivePublisherDiesAndLosesNothing() {
        var first = startFeed(realProducer());
        awaitStreaming();
        var second = startFeed(realProducer());
        assertThat(List.of(first.role(), second.role()))
                .as("exactly one publisher").containsExactlyInAnyOrder(ChangeFeed.Role.LEADER, ChangeFeed.Role.STANDBY);
        var leader = first.role() == ChangeFeed.Role.LEADER ? first : second;
        var standby = leader == first ? second : first;
        for (int i = 0; i < 20; i++) {
            upsert("before-" + i, 1);
        }
        awaitChanges(20);

        // the leader's process dies: its sessions end without a goodbye, and it does not come back
        jdbc.sql("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'").query().listOfRows();
        jdbc.sql("select pg_terminate_backend(active_pid) from pg_replication_slots where slot_name = ?")
                .param(settings.slotName()).query().listOfRows();
        leader.stop();
        for (int i = 0; i < 20; i++) {
            upsert("after-" + i, 1);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> standby.role() == ChangeFeed.Role.LEADER);
        var keys = new java.util.HashSet<String>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            pollFor(Duration.ofMillis(500)).forEach(c -> keys.add(c.externalId() + "@" + c.version()));
            assertThat(keys).as("every change after the takeover arrives (duplicates collapse by version)")
                    .containsAll(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "after-" + i + "@1").toList());
        });
    }

    @Test
    void aFailedPublishStopsAndRetriesInsteadOfSkippingTheChange() {
        var failures = new AtomicInteger();
        var failOnce = new KafkaProducer<String, byte[]>(producerConfig(), new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
                if (record.key().endsWith("/poison") && failures.getAndIncrement() == 0) {
                    return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("injected"));
                }
                return super.send(record);
            }
        };
        producers.add(failOnce);
        startFeed(failOnce);
        awaitStreaming();
        upsert("poison", 7);
        upsert("next", 1);

        var received = new ArrayList<String>();
        await("the failed change is published after the retry, not skipped").atMost(Duration.ofSeconds(60))
                .until(() -> {
                    pollFor(Duration.ofMillis(500)).forEach(c -> received.add(c.externalId()));
                    return received.contains("poison") && received.contains("next");
                });
        assertThat(failures.get()).as("control: the fault fired").isGreaterThanOrEqualTo(1);
    }

    @Test
    void createsItsTopicWithItsPartitionsAndRetentionAndIsDownWhileATopicItMayNotCreateIsMissing() throws Exception {
        var feed = startFeed(realProducer());
        awaitStreaming();
        try (var admin = Admin.create(adminConfig())) {
            var created = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(created.partitions()).hasSize(2);
            var configs = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    .all().get().values().iterator().next();
            assertThat(configs.get("retention.ms").value()).isEqualTo(String.valueOf(Duration.ofDays(2).toMillis()));
        }
        assertThat(health(feed, changesTopic).health().getStatus()).as("control: the topic is there").isEqualTo(Status.UP);

        topic = "documents.changes.never-created." + UUID.randomUUID();
        try (var missing = topics(false).owned(adminConfig())) {
            var health = health(feed, missing).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("errors").toString()).contains(topic, "does not exist");
        }
    }

    @Test
    void aFeedThatCannotPublishHoldsWalBehindItsSlotAndItsHealthSaysSoPastMaxSlotLag() {
        var failing = new KafkaProducer<String, byte[]>(producerConfig(), new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
                return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("injected"));
            }
        };
        producers.add(failing);
        var feed = startFeed(failing);
        awaitStreaming();
        var health = health(feed, changesTopic);
        assertThat(health.health().getStatus()).as("control: nothing written yet, nothing held").isEqualTo(Status.UP);

        for (int i = 0; i < 1_000; i++) {
            jdbc.sql("insert into documents (tenant_id, external_id, source, version, content) values (?, ?, 'notes', 1, ?)")
                    .params(TENANT, "held-" + i, "x".repeat(500)).update();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("errors").toString()).contains("holds", "max-slot-lag");
            assertThat((Long) down.getDetails().get("slotLagBytes")).isGreaterThan(MAX_SLOT_LAG.toBytes());
        });
    }

    @Test
    void heartbeatsMoveTheSlotForwardWhileDocumentsAreIdle() {
        startFeed(realProducer());
        awaitStreaming();
        var before = confirmedFlushLsn();
        for (int i = 0; i < 50; i++) {
            jdbc.sql("insert into consumer_offsets (consumer_group, topic, kafka_partition, next_offset) values ('g', 't', ?, 1)")
                    .param(i).update();
        }
        var written = jdbc.sql("select pg_current_wal_lsn()::text").query(String.class).single();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                "select confirmed_flush_lsn >= ?::pg_lsn from pg_replication_slots where slot_name = ?")
                .params(written, settings.slotName()).query(Boolean.class).single())
                .as("slot confirmed past WAL of other tables (was %s)", before).isTrue());
    }

    private String confirmedFlushLsn() {
        return jdbc.sql("select confirmed_flush_lsn::text from pg_replication_slots where slot_name = ?")
                .param(settings.slotName()).query(String.class).single();
    }

    private ChangeFeed startFeed(KafkaProducer<String, byte[]> producer) {
        // the feed runs under its own login, as deployed: REPLICATION, its tables, no publication of its own
        var login = Infrastructure.logins().of("change-feed");
        var feed = new ChangeFeed(database.dataSource(login), new EngineProperties(database.jdbcUrl(), login.user(),
                login.password()), producer, settings, changesTopic);
        feeds.add(feed);
        feed.start();
        return feed;
    }

    private KafkaProducer<String, byte[]> realProducer() {
        var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        producers.add(producer);
        return producer;
    }

    private ChangeFeedTopics topics(boolean create) {
        return new ChangeFeedTopics(topic, create, 2, Duration.ofDays(2), null);
    }

    private static Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers());
    }

    private ChangeFeedHealth health(ChangeFeed feed, OwnedTopic owned) {
        return new ChangeFeedHealth(feed, owned, new SlotLag(jdbc, settings.slotName(), new SimpleMeterRegistry()),
                MAX_SLOT_LAG);
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    private void awaitStreaming() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "select count(*) from pg_replication_slots where slot_name = ? and active")
                .param(settings.slotName()).query(Long.class).single() == 1);
    }

    private void upsert(String externalId, long version) {
        jdbc.sql(UPSERT).params(TENANT, externalId, version).update();
    }

    private void upsertRolledBack(String externalId, long version) {
        var tx = new org.springframework.jdbc.support.JdbcTransactionManager(dataSource);
        new org.springframework.transaction.support.TransactionTemplate(tx).executeWithoutResult(status -> {
            upsert(externalId, version);
            status.setRollbackOnly();
        });
    }

    private List<DocumentChanged> awaitChanges(int count) {
        var received = new ArrayList<DocumentChanged>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            received.addAll(pollFor(Duration.ofMillis(500)));
            return received.size() >= count;
        });
        return received;
    }

    private List<DocumentChanged> pollFor(Duration duration) {
        var changes = new ArrayList<DocumentChanged>();
        for (var record : consumer.poll(duration)) {
            changes.add(EventCodec.mapper().readValue(record.value(), DocumentChanged.class));
        }
        return changes;
    }
}
