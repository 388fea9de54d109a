package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Sent;
import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.api.ApiApplication;
import dev.secondbrain.embedded.PostgresServer;
import dev.secondbrain.ingest.IngestApplication;
import dev.secondbrain.testkit.FreshInfrastructure;
import dev.secondbrain.local.LocalPipeline;
import dev.secondbrain.schemas.Topics;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.TestTopics;
import dev.secondbrain.worker.WorkerApplication;
import dev.secondbrain.worker.consume.FaultPoints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The pipeline under test in this JVM: the intake and any number of worker instances (each its own Spring
 * context, like separate processes sharing one consumer group) on testkit's broker and PostgreSQL, with a
 * database and topics of its own. It also installs triggers that record any move back of a stored offset or
 * of a document's version.
 */
final class Stack implements AutoCloseable {

    static final String ADMIN_TOKEN = "fault-suite-admin-token-of-32-characters-at-least";
    static final String GROUP = "classify-worker";

    /** A service's Spring application started in this JVM with its own context, and the HTTP port it took. */
    record Running(ConfigurableApplicationContext context) implements AutoCloseable {

        static Running start(SpringApplication application, List<String> properties, Map<String, Object> beans) {
            application.addInitializers(context -> beans.forEach(context.getBeanFactory()::registerSingleton));
            var arguments = Stream.concat(Stream.of("server.port=0"), properties.stream()).map(p -> "--" + p);
            return new Running(application.run(arguments.toArray(String[]::new)));
        }

        int port() {
            return ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** A started worker instance (its own Spring context). */
    record Worker(Running service) implements AutoCloseable {

        /** Health of the consumer threads: DOWN once one of them died. */
        Status consumers() {
            return service.context().getBean("consumers", HealthIndicator.class).health().getStatus();
        }

        <T> T bean(Class<T> type) {
            return service.context().getBean(type);
        }

        @Override
        public void close() {
            service.close();
        }
    }

    private final String database;
    private final TestTopics topics;
    private final JdbcTemplate jdbc;
    private final String bootstrapServers;
    private final List<AutoCloseable> running = new CopyOnWriteArrayList<>();
    private Running ingest;
    private List<String> ingestProperties;
    private final java.util.concurrent.atomic.AtomicInteger workers = new java.util.concurrent.atomic.AtomicInteger();
    /** The intake of a pipeline whose services run as processes of their own (see {@link #over}). */
    private String processIngestUrl;
    private String adminToken = ADMIN_TOKEN;

    private Stack(String database, TestTopics topics, String jdbcUrl, String bootstrapServers) {
        this.database = database;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.jdbc = new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(),
                jdbcUrl, PostgresServer.USER, ""));
    }

    /** A fresh database and topics, with the intake started (it migrates the database). */
    static Stack start(String... intakeProperties) {
        var database = Infrastructure.createDatabase("faults");
        // no topic is created here: the intake creates the events topic, each worker the dead-letter topic
        var topics = TestTopics.withSuffix(UUID.randomUUID().toString().substring(0, 8));
        var stack = new Stack(database, topics, Infrastructure.postgres().jdbcUrl(database),
                Infrastructure.kafka().bootstrapServers());
        stack.ingestProperties = stack.properties("ingest-service", Stream.concat(Stream.of(
                "pipeline.admin.token=" + ADMIN_TOKEN,
                // the suite's load is not what the rate limit is about
                "pipeline.intake.default-events-per-second=1000000",
                "pipeline.intake.publish.timeout=2s",
                "pipeline.intake.publish.retry-after=1s",
                "pipeline.api-keys.cache-ttl=1m"), Stream.of(intakeProperties)).toList());
        stack.ingest = Running.start(IngestApplication.application(), stack.ingestProperties, Map.of());
        stack.running.add(stack.ingest);
        stack.recordRegressions();
        return stack;
    }

    /**
     * The oracle's view of a pipeline whose services run as processes of their own ({@code local}): its database
     * and topics (the production names), with the regression triggers installed. Its services are the
     * pipeline's to start and stop; {@link #close()} leaves them alone.
     */
    static Stack over(LocalPipeline pipeline) {
        var database = pipeline.jdbcUrl().substring(pipeline.jdbcUrl().lastIndexOf('/') + 1);
        var stack = new Stack(database, new TestTopics(Topics.EVENTS, Topics.DEAD_LETTER, Topics.CHANGES),
                pipeline.jdbcUrl(), pipeline.bootstrapServers());
        stack.processIngestUrl = pipeline.ingestUrl();
        stack.adminToken = pipeline.adminToken();
        stack.recordRegressions();
        return stack;
    }

    /** Starts a worker instance with these fault points and extra {@code key=value} properties. */
    Worker worker(FaultPoints faults, String... properties) {
        var worker = new Worker(Running.start(WorkerApplication.application(), properties("classify-worker",
                Stream.concat(Stream.of(
                // every instance a group member of its own, as separate hosts would be
                "pipeline.worker.instance-id=worker-" + workers.incrementAndGet(),
                "pipeline.worker.consumers=1",
                "pipeline.worker.max-poll-records=200",
                "pipeline.worker.retry-backoff=100ms",
                "pipeline.worker.retry-backoff-max=1s",
                "pipeline.classifier.model-refresh=1h"), Stream.of(properties)).toList()),
                Map.of("faultPoints", faults)));
        running.add(worker);
        return worker;
    }

    Worker worker(String... properties) {
        return worker(FaultPoints.NONE, properties);
    }

    /** Starts the read API (restore, purge, delete-all and revert go through it) with extra properties. */
    Running api(String... properties) {
        var api = Running.start(ApiApplication.application(), properties("api-service", Stream.concat(Stream.of(
                "pipeline.api.job-poll-interval=200ms", "pipeline.api.cursor-secret=fault-suite-cursor-secret",
                // the model run's barriers poll the API as fast as they can: the quota is not what is tested
                "pipeline.api.quota.requests-per-second=1000000"), Stream.of(properties)).toList()), Map.of());
        running.add(api);
        return api;
    }

    /** Every service under its own database login (Flyway as the owner), as deployed. */
    private List<String> properties(String service, List<String> own) {
        var all = new ArrayList<>(FreshInfrastructure.databaseProperties(service, database));
        all.addAll(List.of(
                "spring.kafka.bootstrap-servers=" + bootstrapServers,
                "pipeline.topics.events=" + topics.events(),
                "pipeline.topics.dead-letter=" + topics.deadLetter(),
                "pipeline.topics.changes=" + topics.changes(),
                "management.endpoint.health.show-details=always"));
        all.addAll(own);
        return all;
    }

    /** Stops the intake and starts it again with the same properties (it listens on a new port). */
    void restartIngest() {
        running.remove(ingest);
        ingest.close();
        ingest = Running.start(IngestApplication.application(), ingestProperties, Map.of());
        running.add(ingest);
    }

    String ingestUrl() {
        return processIngestUrl != null ? processIngestUrl : "http://localhost:" + ingest.port();
    }

    String database() {
        return database;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    TestTopics topics() {
        return topics;
    }

    /** Creates {@code count} tenants with an API key each through the admin API. */
    List<Connector.Tenant> tenants(int count) {
        var admin = new Connector(ingestUrl(), null);
        var tenants = new ArrayList<Connector.Tenant>(count);
        for (int i = 0; i < count; i++) {
            tenants.add(admin.createTenant(adminToken, "tenant-" + i));
        }
        return tenants;
    }

    // -- offsets --------------------------------------------------------------------------------------------

    /**
     * Triggers that record, as they happen, every move back of a stored offset and every document update that
     * lowers a version or brings a source or erased tombstone back to life without a newer version (user and
     * sweep tombstones come back at their version by restore, revert, or an upsert the source still has): the
     * final state alone could hide a regression that a later event repaired.
     */
    private void recordRegressions() {
        jdbc.execute("""
                create table fault_regressions (what text not null, at timestamptz not null default now());
                -- security definer: the services' logins may not write this table themselves
                create function fault_record_offset_regression() returns trigger language plpgsql
                    security definer as $$
                begin
                    insert into fault_regressions (what) values (format(
                        'stored offset of partition %s moved back from %s to %s',
                        new.kafka_partition, old.next_offset, new.next_offset));
                    return new;
                end $$;
                create trigger fault_offset_regression before update on consumer_offsets for each row
                    when (new.next_offset < old.next_offset) execute function fault_record_offset_regression();
                create function fault_record_document_regression() returns trigger language plpgsql
                    security definer as $$
                begin
                    insert into fault_regressions (what) values (format(
                        'document %s/%s went from version %s%s to version %s%s', new.tenant_id, new.external_id,
                        old.version, case when old.deleted_at is null then '' else ' (deleted)' end,
                        new.version, case when new.deleted_at is null then '' else ' (deleted)' end));
                    return new;
                end $$;
                create trigger fault_document_regression before update on documents for each row
                    when (new.version < old.version
                          or old.deleted_at is not null and new.deleted_at is null and new.version <= old.version
                             and (old.deleted_by = 'source' or old.purged_at is not null))
                    execute function fault_record_document_regression();
                """);
    }

    /** The end offset of every partition of the events topic. */
    Map<Integer, Long> endOffsets() {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var partitions = admin.describeTopics(List.of(topics.events())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topics.events()).partitions();
            var request = new HashMap<TopicPartition, OffsetSpec>();
            partitions.forEach(p -> request.put(new TopicPartition(topics.events(), p.partition()), OffsetSpec.latest()));
            var ends = new HashMap<Integer, Long>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the end offsets of " + topics.events(), e);
        }
    }

    /** The next offsets the worker group stored with its data, per partition. */
    Map<Integer, Long> storedOffsets() {
        var stored = new HashMap<Integer, Long>();
        jdbc.query("select kafka_partition, next_offset from consumer_offsets where consumer_group = ? and topic = ?",
                rs -> {
                    stored.put(rs.getInt(1), rs.getLong(2));
                }, GROUP, topics.events());
        return stored;
    }

    /** Waits until the workers stored offsets at the end of every partition: everything sent is consumed. */
    void awaitDrained(Duration atMost) {
        var ends = endOffsets();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            var stored = storedOffsets();
            return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
        });
    }

    /** What the regression triggers recorded, and partitions whose stored offset is not at the end. */
    List<String> regressions() {
        var violations = new ArrayList<String>(
                jdbc.queryForList("select what from fault_regressions order by at", String.class));
        var stored = storedOffsets();
        endOffsets().forEach((partition, end) -> {
            if (end > 0 && !end.equals(stored.get(partition))) {
                violations.add("partition " + partition + " ends at " + end + " but the stored offset is "
                        + stored.get(partition));
            }
        });
        return violations;
    }

    // -- dead letters ---------------------------------------------------------------------------------------

    /** A record found on the dead-letter topic: its key, and the event it holds when it holds one. */
    record DeadLetter(String key, Sent event) {
    }

    /** Every record on the dead-letter topic. */
    List<DeadLetter> deadLetters() {
        var found = new ArrayList<DeadLetter>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            var partitions = consumer.partitionsFor(topics.deadLetter()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    found.add(new DeadLetter(record.key() == null ? null
                            : new String(record.key(), StandardCharsets.UTF_8), event(record.value())));
                }
            }
        }
        return found;
    }

    private static Sent event(byte[] value) {
        try {
            return switch (EventCodec.read(value)) {
                case DocumentUpserted u -> new Sent(u.tenantId(), u.externalId(), u.version(), u.content());
                case DocumentDeleted d -> new Sent(d.tenantId(), d.externalId(), d.version(), null);
            };
        } catch (RuntimeException notAnEvent) {
            return null;
        }
    }

    /** The oracle's violations for the store as it is now. */
    List<String> check(Oracle oracle) {
        return oracle.violations(this, deadLetters());
    }

    @Override
    public void close() {
        for (var service : running.reversed()) {
            try {
                service.close();
            } catch (Exception e) {
                // the next one still has to stop
            }
        }
    }
}
