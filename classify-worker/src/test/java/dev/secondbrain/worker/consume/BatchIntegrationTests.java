package dev.secondbrain.worker.consume;

import dev.secondbrain.worker.store.OffsetsTaken;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.EventHeaders;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static dev.secondbrain.worker.consume.Events.consumed;
import static dev.secondbrain.worker.consume.Events.delete;
import static dev.secondbrain.worker.consume.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The rules of one micro-batch, fed straight to {@link Batches} (no consumer threads) so every test decides
 * exactly which records form a batch; real PostgreSQL and a real dead-letter topic. The full-sync sweeper does
 * not run: its statements would land in the statement counts.
 */
@SpringBootTest(properties = {"pipeline.worker.consumers=0", "pipeline.sync.sweep-interval=1h",
        "pipeline.deletes.purge-interval=1h", "pipeline.reclassify.interval=1h"})
@WithPipelineInfrastructure
@Import(BatchIntegrationTests.Counting.class)
class BatchIntegrationTests {

    @TestConfiguration
    static class Counting {
        @Bean
        static ClassifierCalls classifierCalls() {
            return new ClassifierCalls();
        }
    }

    @Autowired Batches batches;
    @Autowired JdbcTemplate jdbc;
    /** The superuser: what the intake writes (syncs), and pg_stat_statements. */
    JdbcTemplate superuser;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        superuser = new JdbcTemplate(dev.secondbrain.testkit.TestDatabase.superuserDataSource(environment));
    }
    @Autowired ClassifierCalls classifier;
    @Autowired WorkerTopics topics;
    @Autowired org.springframework.boot.kafka.autoconfigure.KafkaProperties kafka;

    /** Offsets of partition 0, increasing across the class's tests as they do on a real partition. */
    private static final AtomicLong offsets = new AtomicLong();
    private final UUID tenant = UUID.randomUUID();

    private void process(DocumentEvent... events) {
        var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        for (var event : events) {
            records.add(consumed(topics.events(), 0, offsets.getAndIncrement(), event));
        }
        batches.process(records, () -> true);
    }

    private Map<String, Object> row(String id) {
        return jdbc.queryForMap("select version, content, deleted_by, category, classification_status, "
                + "xmin::text as xmin, updated_at from documents where tenant_id = ? and external_id = ?", tenant, id);
    }

    @Test
    void keepsOnlyTheNewestVersionWhenDuplicatesArriveInOneBatch() {
        process(upsert(tenant, "a", 1, "one"), upsert(tenant, "a", 3, "three"), upsert(tenant, "a", 2, "two"),
                upsert(tenant, "a", 3, "three"), upsert(tenant, "b", 1, "same"), upsert(tenant, "b", 1, "same"));

        assertThat(row("a")).containsEntry("version", 3L).containsEntry("content", "three");
        assertThat(row("b")).containsEntry("version", 1L);
        assertThat(jdbc.queryForObject("select count(*) from documents where tenant_id = ?", Long.class, tenant))
                .isEqualTo(2);
    }

    @Test
    void olderVersionArrivingAfterNewerIsDropped() {
        process(upsert(tenant, "c", 3, "three"));
        process(upsert(tenant, "c", 2, "two"));
        assertThat(row("c")).containsEntry("version", 3L).containsEntry("content", "three");

        // control: a newer version does change the row, so the check above can fail
        process(upsert(tenant, "c", 4, "four"));
        assertThat(row("c")).containsEntry("version", 4L).containsEntry("content", "four");
    }

    @Test
    void sourceDeleteAtV5IsNotResurrectedByUpsertV4() {
        process(upsert(tenant, "d", 1, "one"));
        process(delete(tenant, "d", 5));
        process(upsert(tenant, "d", 4, "four"));
        assertThat(row("d")).containsEntry("version", 5L).containsEntry("deleted_by", "source")
                .containsEntry("content", null);

        // control: a newer upsert from the source is a legitimate re-creation
        process(upsert(tenant, "d", 6, "six"));
        assertThat(row("d")).containsEntry("version", 6L).containsEntry("deleted_by", null);
    }

    @Test
    void deleteOfUnknownDocumentLeavesATombstoneThatBlocksOlderUpserts() {
        process(delete(tenant, "never-seen", 2), upsert(tenant, "never-seen", 1, "late"));
        assertThat(row("never-seen")).containsEntry("version", 2L).containsEntry("deleted_by", "source");
    }

    @Test
    void equalVersionDeleteBeatsUpsertInEitherOrder() {
        process(delete(tenant, "e1", 5), upsert(tenant, "e1", 5, "x"), upsert(tenant, "e2", 5, "x"), delete(tenant, "e2", 5));
        assertThat(row("e1")).containsEntry("deleted_by", "source");
        assertThat(row("e2")).containsEntry("deleted_by", "source");

        process(upsert(tenant, "e3", 5, "x"));
        process(delete(tenant, "e3", 5));
        assertThat(row("e3")).containsEntry("deleted_by", "source").containsEntry("content", null);
    }

    @Test
    void userDeletedDocumentIsNotBroughtBackByAnyUpsertButASourceDeleteMakesItTheSources() {
        process(upsert(tenant, "u", 1, "one"), upsert(tenant, "control", 1, "one"));
        jdbc.update("update documents set deleted_at = now(), deleted_by = 'user' where tenant_id = ? and external_id = 'u'", tenant);

        process(upsert(tenant, "u", 9, "nine"), upsert(tenant, "control", 9, "nine"));
        assertThat(row("u")).containsEntry("deleted_by", "user").containsEntry("version", 1L)
                .as("a user tombstone keeps its content").containsEntry("content", "one");
        // control: the same batch did update the document nobody deleted
        assertThat(row("control")).containsEntry("version", 9L).containsEntry("content", "nine");

        // the source says it is gone: a source tombstone, content erased; only a higher version undoes it
        process(delete(tenant, "u", 10));
        assertThat(row("u")).containsEntry("deleted_by", "source").containsEntry("version", 10L)
                .containsEntry("content", null);
        process(upsert(tenant, "u", 10, "ten"));
        assertThat(row("u")).containsEntry("deleted_by", "source");
        process(upsert(tenant, "u", 11, "eleven"));
        assertThat(row("u")).containsEntry("deleted_by", null).containsEntry("content", "eleven");
    }

    @Test
    void sweepTombstoneIsUndoneByAnUpsertAtItsVersionAndSameContentWithoutClassifying() {
        process(upsert(tenant, "swept", 3, "kept text"), upsert(tenant, "swept-new", 3, "old text"),
                upsert(tenant, "swept-old", 3, "text"));
        jdbc.update("""
                update documents set deleted_at = now(), deleted_by = 'sync', deleted_sync_id = gen_random_uuid()
                where tenant_id = ? and external_id like 'swept%'""", tenant);
        classifier.reset();

        process(upsert(tenant, "swept", 3, "kept text"), upsert(tenant, "swept-new", 3, "new text"),
                upsert(tenant, "swept-old", 2, "text"));

        assertThat(row("swept")).containsEntry("deleted_by", null).containsEntry("content", "kept text")
                .containsEntry("version", 3L);
        assertThat(row("swept-new")).as("new content at the same version: written and classified")
                .containsEntry("deleted_by", null).containsEntry("content", "new text");
        assertThat(classifier.calls).hasValue(1);
        // control: an older version does not undo a sweep
        assertThat(row("swept-old")).containsEntry("deleted_by", "sync");
        assertThat(jdbc.queryForObject("select count(*) from documents where tenant_id = ? and deleted_sync_id is not null"
                + " and deleted_at is null", Long.class, tenant)).as("provenance cleared with the tombstone").isZero();
    }

    @Test
    void unchangedUpsertWritesNothingWithoutAnOpenSyncAndIsRecordedAsAppliedWhileOneIsOpen() {
        var first = upsert(tenant, "steady", 1, "same text");
        process(first);
        var before = row("steady");
        var seq = appliedSeq("steady");

        process(first);
        assertThat(row("steady")).containsEntry("xmin", before.get("xmin"));

        superuser.update("insert into sync_runs (tenant_id, sync_id, source, mode) values (?, ?, 'notes', 'full')",
                tenant, UUID.randomUUID());
        var opened = jdbc.queryForObject("select opened_seq from sync_runs where tenant_id = ?", Long.class, tenant);
        classifier.reset();
        process(first);
        assertThat(appliedSeq("steady")).as("applied after the sync opened: its sweep keeps it")
                .isGreaterThan(opened).isGreaterThan(seq);
        assertThat(classifier.calls).hasValue(0);
        assertThat(row("steady")).containsEntry("content", "same text").containsEntry("version", 1L);
    }

    private long appliedSeq(String id) {
        return jdbc.queryForObject("select applied_seq from documents where tenant_id = ? and external_id = ?",
                Long.class, tenant, id);
    }

    @Test
    void unchangedRedeliveryWritesNothingAndClassifiesNothing() {
        var first = upsert(tenant, "same", 1, "meeting about the roadmap");
        process(first);
        var before = row("same");
        classifier.reset();

        process(first);
        process(first);

        assertThat(classifier.calls).hasValue(0);
        assertThat(row("same")).containsEntry("xmin", before.get("xmin")).containsEntry("updated_at", before.get("updated_at"));

        // control: the same version carrying new content at a higher version is written and classified
        process(upsert(tenant, "same", 2, "birthday dinner with family"));
        assertThat(classifier.calls).hasValue(1);
        assertThat(row("same").get("xmin")).isNotEqualTo(before.get("xmin"));
    }

    @Test
    void unchangedDocumentSeenByANewSyncOnlyMovesItsSyncMarkAndVersion() {
        var first = upsert(tenant, "synced", 1, "same text");
        process(first);
        classifier.reset();
        var sync = UUID.randomUUID();
        process(new dev.secondbrain.schemas.DocumentUpserted(tenant, "synced", first.source(), 2, first.title(),
                first.content(), first.mimeType(), first.url(), first.author(), first.sourceCreatedAt(),
                first.sourceUpdatedAt(), first.metadata(), sync));

        assertThat(classifier.calls).hasValue(0);
        assertThat(jdbc.queryForMap("select version, last_sync_id from documents where tenant_id = ? and external_id = 'synced'",
                tenant)).containsEntry("version", 2L).containsEntry("last_sync_id", sync);
    }

    @Test
    void recordClaimingAnotherDocumentOrTenantThanItsEventIsDeadLettered() {
        var other = UUID.randomUUID();
        var event = upsert(tenant, "claimed", 1, "x");
        var wrongKey = Events.raw(topics.events(), 0, offsets.getAndIncrement(), other + "/claimed",
                dev.secondbrain.schemas.EventCodec.write(event));
        var headed = upsert(tenant, "claimed-by-header", 1, "x");
        var wrongHeader = Events.raw(topics.events(), 0, offsets.getAndIncrement(), headed.key(),
                dev.secondbrain.schemas.EventCodec.write(headed));
        wrongHeader.headers().add(EventHeaders.TENANT_ID, other.toString().getBytes(StandardCharsets.UTF_8));
        var matching = consumed(topics.events(), 0, offsets.getAndIncrement(), upsert(tenant, "control", 1, "x"));
        batches.process(List.of(wrongKey, wrongHeader, matching), () -> true);
        try (var reader = new DeadLetterReader(String.join(",", kafka.getBootstrapServers()), topics.deadLetter())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> reader.withKeyPrefix(other + "/claimed").size()
                    + reader.withKeyPrefix(headed.key()).size() == 2);
            assertThat(DeadLetterReader.header(reader.withKeyPrefix(other + "/claimed").getFirst(),
                    EventHeaders.DLT_EXCEPTION_MESSAGE)).startsWith("record key must be");
            assertThat(DeadLetterReader.header(reader.withKeyPrefix(headed.key()).getFirst(),
                    EventHeaders.DLT_EXCEPTION_MESSAGE)).startsWith("tenant-id header");
        }
        // control: the record whose key and headers match its event is applied
        assertThat(jdbc.queryForList("select external_id from documents where tenant_id = ?", String.class, tenant))
                .containsExactly("control");
    }

    @Test
    void eventBreakingTheRulesIsDeadLetteredWithItsViolations() {
        var bad = new dev.secondbrain.schemas.DocumentDeleted(tenant, "rules", "Not A Source", 1, null);
        batches.process(List.of(Events.raw(topics.events(), 0, offsets.getAndIncrement(), bad.key(),
                dev.secondbrain.schemas.EventCodec.write(bad))), () -> true);
        try (var reader = new DeadLetterReader(String.join(",", kafka.getBootstrapServers()), topics.deadLetter())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !reader.withKeyPrefix(bad.key()).isEmpty());
            var letter = reader.withKeyPrefix(bad.key()).getFirst();
            assertThat(DeadLetterReader.header(letter, EventHeaders.DLT_EXCEPTION_CLASS)).endsWith("InvalidEvent");
            assertThat(DeadLetterReader.header(letter, EventHeaders.DLT_EXCEPTION_MESSAGE)).startsWith("source ");
        }
        assertThat(jdbc.queryForObject("select count(*) from documents where tenant_id = ?", Long.class, tenant)).isZero();
    }

    @Test
    void storesTheBatchOffsetsWithTheDataAndNeverMovesThemBack() {
        offsets.set(1_000_000);
        process(upsert(tenant, "o1", 1, "x"), upsert(tenant, "o2", 1, "x"));
        assertThat(storedOffset(0)).isEqualTo(1_000_002L);

        // a late batch of a worker that lost the partition, whose records the new owner committed: refused whole
        offsets.set(10);
        assertThatThrownBy(() -> process(upsert(tenant, "o3", 1, "x"))).isInstanceOf(OffsetsTaken.class);
        assertThat(storedOffset(0)).isEqualTo(1_000_002L);
        assertThat(jdbc.queryForObject("select count(*) from documents where tenant_id = ? and external_id = 'o3'",
                Long.class, tenant)).isZero();
        offsets.set(1_000_002);
    }

    private Long storedOffset(int partition) {
        return jdbc.queryForObject("select next_offset from consumer_offsets where topic = ? and kafka_partition = ?",
                Long.class, topics.events(), partition);
    }

    @Test
    void classifiesByKeywordsAndSendsUncertainDocumentsToReview() {
        // nine hits of one category: confidence 9 / (9 + 1) = 0.9, above the default review threshold (0.75); no hit: 0
        process(upsert(tenant, "k1", 1, "project deadline meeting with the client: budget, roadmap, sprint, team review"),
                upsert(tenant, "k2", 1, "nothing to see"));
        assertThat(row("k1")).containsEntry("category", "work").containsEntry("classification_status", "classified");
        assertThat(row("k2")).containsEntry("category", "other").containsEntry("classification_status", "needs_review");
    }

    @Test
    void tenantModelLearnsCategoriesFromConfirmedDocuments() {
        var words = Map.of("recipes", "lentil soup onions cumin simmer stew garlic",
                "travel", "flight hotel lisbon booking train tickets porto");
        for (int i = 0; i < 12; i++) {
            var category = i % 2 == 0 ? "recipes" : "travel";
            jdbc.update("""
                    insert into documents (tenant_id, external_id, source, version, content, category, confidence,
                        classification_status) values (?, ?, 'notes', 1, ?, ?, 1, 'confirmed')""",
                    tenant, "confirmed-" + i, words.get(category) + " " + i, category);
        }
        process(upsert(tenant, "new-soup", 1, "garlic and lentil stew, simmer for an hour"));
        assertThat(row("new-soup")).containsEntry("category", "recipes");

        // control: another tenant without confirmed documents gets the keyword categories only
        var other = UUID.randomUUID();
        process(upsert(other, "new-soup", 1, "garlic and lentil stew, simmer for an hour"));
        assertThat(jdbc.queryForObject("select category from documents where tenant_id = ? and external_id = 'new-soup'",
                String.class, other)).isEqualTo("other");
    }

    @Test
    void modelLoadReadsUnconfirmedDocumentsOnlyOfTenantsWithEnoughConfirmedForAModel() {
        var words = Map.of("recipes", "lentil soup onions cumin simmer stew garlic",
                "travel", "flight hotel lisbon booking train tickets porto");
        var learning = UUID.randomUUID();
        for (var owner : Map.of(tenant, 4, learning, 5).entrySet()) {
            for (int i = 0; i < 2 * owner.getValue(); i++) {
                var category = i % 2 == 0 ? "recipes" : "travel";
                jdbc.update("""
                        insert into documents (tenant_id, external_id, source, version, content, category, confidence,
                            classification_status) values (?, ?, 'notes', 1, ?, ?, 1, 'confirmed')""",
                        owner.getKey(), "confirmed-" + i, words.get(category) + " " + i, category);
            }
            for (int i = 0; i < 50; i++) {
                jdbc.update("""
                        insert into documents (tenant_id, external_id, source, version, content, category, confidence)
                        values (?, ?, 'notes', 1, ?, 'other', 0.5)""", owner.getKey(), "unconfirmed-" + i, "notes " + i);
            }
        }
        superuser.queryForObject("select pg_stat_statements_reset()", Object.class);
        process(upsert(tenant, "new-soup", 1, "garlic and lentil stew"), upsert(learning, "new-soup", 1, "garlic stew"));
        // 8 + 10 confirmed, the 50 unconfirmed of the tenant with 10 confirmed (min-training-documents), a fingerprint
        // each; the control, the other tenant's 50 unconfirmed, are in the table but not read: with 8 it has no model
        assertThat(superuser.queryForObject("""
                select sum(rows) from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database())
                  and query ilike 'with fingerprint as%'""", Long.class)).isEqualTo(8 + 10 + 50 + 2);
    }

    @Test
    void poisonRecordMidBatchGoesAloneToTheDeadLetterTopicAndTheRestCommits() {
        var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        var poisonKey = tenant + "/poison";
        for (int i = 0; i < 5; i++) {
            records.add(i == 2
                    ? Events.raw(topics.events(), 1, i, poisonKey, "{not json".getBytes(StandardCharsets.UTF_8))
                    : consumed(topics.events(), 1, i, upsert(tenant, "p" + i, 1, "x")));
        }
        batches.process(records, () -> true);

        assertThat(jdbc.queryForObject("select count(*) from documents where tenant_id = ? and external_id like 'p%'",
                Long.class, tenant)).isEqualTo(4);
        try (var reader = new DeadLetterReader(String.join(",", kafka.getBootstrapServers()), topics.deadLetter())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !reader.withKeyPrefix(poisonKey).isEmpty());
            var letters = reader.withKeyPrefix(tenant.toString());
            assertThat(letters).hasSize(1);
            var letter = letters.getFirst();
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(DeadLetterReader.header(letter, EventHeaders.DLT_EXCEPTION_CLASS)).endsWith("MalformedEvent");
            assertThat(DeadLetterReader.header(letter, EventHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topics.events());
            assertThat(DeadLetterReader.header(letter, EventHeaders.DLT_ORIGINAL_PARTITION)).isEqualTo("1");
            assertThat(DeadLetterReader.header(letter, EventHeaders.DLT_ORIGINAL_OFFSET)).isEqualTo("2");
            assertThat(DeadLetterReader.header(letter, EventHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
        }
        assertThat(jdbc.queryForObject("select next_offset from consumer_offsets where topic = ? and kafka_partition = 1",
                Long.class, topics.events())).isEqualTo(5);
    }

    @Test
    void recordTheDatabaseRejectsIsIsolatedAndDeadLetteredAndTheRestCommits() {
        var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        for (int i = 0; i < 7; i++) {
            var event = upsert(tenant, "r" + i, 1, "x");
            if (i == 4) {
                // valid by the event rules, but beyond PostgreSQL's timestamp range: the database refuses it
                event = new dev.secondbrain.schemas.DocumentUpserted(tenant, "r" + i, "notes", 1, "t", "x", null, null,
                        null, Instant.parse("+300000-01-01T00:00:00Z"), null, Map.of(), null);
            }
            records.add(consumed(topics.events(), 2, i, event));
        }
        batches.process(records, () -> true);

        assertThat(jdbc.queryForList("select external_id from documents where tenant_id = ? and external_id like 'r%' order by 1",
                String.class, tenant)).containsExactly("r0", "r1", "r2", "r3", "r5", "r6");
        try (var reader = new DeadLetterReader(String.join(",", kafka.getBootstrapServers()), topics.deadLetter())) {
            var rejectedKey = tenant + "/r4";
            await().atMost(Duration.ofSeconds(20)).until(() -> !reader.withKeyPrefix(rejectedKey).isEmpty());
            assertThat(reader.withKeyPrefix(tenant + "/r")).hasSize(1);
            assertThat(DeadLetterReader.header(reader.withKeyPrefix(rejectedKey).getFirst(),
                    EventHeaders.DLT_EXCEPTION_CLASS)).contains("PSQLException");
        }
        assertThat(jdbc.queryForObject("select next_offset from consumer_offsets where topic = ? and kafka_partition = 2",
                Long.class, topics.events())).isEqualTo(7);
    }

    @Test
    void statementsPerBatchAreTheSameForTenAndForAThousandDocuments() {
        var ten = statementsFor(10);
        var thousand = statementsFor(1000);
        assertThat(thousand.total()).isEqualTo(ten.total());
        assertThat(thousand.documentStatements()).isLessThanOrEqualTo(3);

        // while a full sync of the source is open, a re-delivery of unchanged documents is marked applied:
        // still one statement for all of them
        var resync = statementsForUnchangedDuringASync(1000);
        assertThat(resync.documentStatements()).isLessThanOrEqualTo(3);
        assertThat(resync.total()).isLessThanOrEqualTo(ten.total() + 1);

        // control: the count sees statements that grow with the rows (the per-row pattern)
        var perRow = counted(() -> {
            for (int i = 0; i < 10; i++) {
                jdbc.queryForObject("select count(*) from documents where external_id = ?", Long.class, "n" + i);
            }
        });
        assertThat(perRow.documentStatements()).isEqualTo(10);
    }

    private record Statements(long total, long documentStatements) {
    }

    private Statements statementsFor(int size) {
        var batchTenant = UUID.randomUUID();
        var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        for (int i = 0; i < size; i++) {
            records.add(consumed(topics.events(), 3, offsets.getAndIncrement(),
                    upsert(batchTenant, "s" + i, 1, "meeting notes number " + i)));
        }
        return counted(() -> batches.process(records, () -> true));
    }

    private Statements statementsForUnchangedDuringASync(int size) {
        var batchTenant = UUID.randomUUID();
        var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        var again = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        for (int i = 0; i < size; i++) {
            var event = upsert(batchTenant, "s" + i, 1, "meeting notes number " + i);
            records.add(consumed(topics.events(), 3, offsets.getAndIncrement(), event));
        }
        batches.process(records, () -> true);
        superuser.update("insert into sync_runs (tenant_id, sync_id, source, mode) values (?, ?, 'notes', 'full')",
                batchTenant, UUID.randomUUID());
        for (int i = 0; i < size; i++) {
            again.add(consumed(topics.events(), 3, offsets.getAndIncrement(),
                    upsert(batchTenant, "s" + i, 1, "meeting notes number " + i)));
        }
        var counted = counted(() -> batches.process(again, () -> true));
        assertThat(jdbc.queryForObject("""
                select count(*) from documents d join sync_runs s on s.tenant_id = d.tenant_id
                where d.tenant_id = ? and d.applied_seq > s.opened_seq""", Long.class, batchTenant))
                .as("every unchanged document recorded as applied after the sync opened").isEqualTo(size);
        return counted;
    }

    private static final String CALLS = """
            select coalesce(sum(calls), 0) as total,
                   coalesce(sum(calls) filter (where query ilike '%documents%' and query not ilike '%confirmed%'), 0) as docs
            from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
              and query not ilike '%pg_stat_statements%'
            """;

    private Statements counted(Runnable work) {
        superuser.queryForObject("select pg_stat_statements_reset()", Object.class);
        work.run();
        var listing = superuser.queryForList("select calls, left(query, 80) as query from pg_stat_statements "
                + "where dbid = (select oid from pg_database where datname = current_database())");
        org.slf4j.LoggerFactory.getLogger(getClass()).info("statements: {}", listing);
        return superuser.queryForObject(CALLS, (row, n) -> new Statements(row.getLong(1), row.getLong(2)));
    }
}
