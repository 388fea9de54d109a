package dev.secondbrain.worker.sync;

import dev.secondbrain.testkit.FreshDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncSweeperIntegrationTests {

    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID OTHER_TENANT = UUID.randomUUID();
    private static final UUID SYNC = UUID.randomUUID();
    private static final UUID EARLIER_SYNC = UUID.randomUUID();

    private JdbcClient jdbc;
    private SyncSweeper sweeper;

    @BeforeEach
    void store() {
        var dataSource = FreshDatabase.create().dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        sweeper = new SyncSweeper(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                new SyncSettings(0.3, 2, Duration.ofSeconds(1), Duration.ofMinutes(10)), "classify-worker", "documents.events");
    }

    @Test
    void tombstonesExactlyTheUnseenDocumentsOfTheSyncedSourceOnceItsEventsAreApplied() {
        documents(TENANT, "gdrive", 10, 7);
        documents(TENANT, "slack", 4, 0);
        documents(OTHER_TENANT, "gdrive", 4, 0);
        completedSync(10);
        appliedUpTo(9);

        assertThat(sweeper.sweepOne()).as("events still in flight: wait").isFalse();
        assertThat(liveCount(TENANT, "gdrive")).isEqualTo(10);

        appliedUpTo(10);
        while (sweeper.sweepOne()) {
            // one chunk per call
        }
        assertThat(liveIds(TENANT, "gdrive")).containsExactlyInAnyOrder(
                "gdrive-0", "gdrive-1", "gdrive-2", "gdrive-3", "gdrive-4", "gdrive-5", "gdrive-6");
        assertThat(liveCount(TENANT, "slack")).as("another source untouched").isEqualTo(4);
        assertThat(liveCount(OTHER_TENANT, "gdrive")).as("another tenant untouched").isEqualTo(4);
        assertThat(jdbc.sql("select state || ' ' || to_delete || ' ' || deleted from sync_runs").query(String.class).single())
                .isEqualTo("completed 3 3");
        assertThat(jdbc.sql("""
                select count(*) from documents
                where deleted_by = 'sync' and deleted_sync_id = ? and content = 'text' and purged_at is null""")
                .param(SYNC).query(Long.class).single()).as("sweep tombstones: provenance, content kept").isEqualTo(3);
    }

    @Test
    void holdsASyncThatWouldDeleteHalfTheSourceUntilConfirmed() {
        documents(TENANT, "gdrive", 10, 5);
        completedSync(0);

        assertThat(sweeper.sweepOne()).isTrue();
        assertThat(jdbc.sql("select state || ' ' || to_delete from sync_runs").query(String.class).single())
                .isEqualTo("needs_confirmation 5");
        assertThat(sweeper.sweepOne()).as("held syncs are not swept").isFalse();
        assertThat(liveCount(TENANT, "gdrive")).isEqualTo(10);

        jdbc.sql("update sync_runs set state = 'sweeping' where state = 'needs_confirmation'").update();
        while (sweeper.sweepOne()) {
            // one chunk per call
        }
        assertThat(liveCount(TENANT, "gdrive")).isEqualTo(5);
    }

    @Test
    void keepsADocumentAppliedAfterTheSyncOpenedThatTheSyncNeverListed() {
        documents(TENANT, "gdrive", 10, 8);
        completedSync(0);
        // written after the sync opened (a live event during the sync): a larger applied_seq
        jdbc.sql("""
                insert into documents (tenant_id, external_id, source, version, content, last_sync_id)
                values (?, 'live-during-sync', 'gdrive', 1, 'text', ?)""").params(TENANT, EARLIER_SYNC).update();

        while (sweeper.sweepOne()) {
            // one chunk per call
        }
        assertThat(liveIds(TENANT, "gdrive")).contains("live-during-sync")
                // control: the unseen documents from before the sync opened are swept
                .doesNotContain("gdrive-8", "gdrive-9");
    }

    @Test
    void waitsForALockedUnseenDocumentInsteadOfSkippingItAndCompletesOnlyWhenNoneIsLeft() throws Exception {
        var dataSource = (org.postgresql.ds.PGSimpleDataSource) FreshDatabase.create().dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        dataSource.setOptions("-c lock_timeout=300");
        jdbc = JdbcClient.create(dataSource);
        sweeper = new SyncSweeper(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                new SyncSettings(0.5, 2, Duration.ofSeconds(1), Duration.ofMinutes(10)), "classify-worker", "documents.events");
        documents(TENANT, "gdrive", 10, 7);
        completedSync(0);

        try (var other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            other.createStatement().execute("update documents set updated_at = now() where external_id = 'gdrive-8'");
            assertThatThrownBy(() -> {
                while (sweeper.sweepOne()) {
                    // the chunk that reaches gdrive-8 waits for it, up to lock_timeout
                }
            }).hasMessageContaining("lock timeout");
            assertThat(state()).as("not completed while gdrive-8 is held").isNotEqualTo("completed");
            other.commit();
        }
        while (sweeper.sweepOne()) {
            // one chunk per call
        }
        assertThat(state()).isEqualTo("completed");
        assertThat(liveIds(TENANT, "gdrive")).doesNotContain("gdrive-7", "gdrive-8", "gdrive-9").hasSize(7);
    }

    @Test
    void anIncrementalSyncCompletesWithoutASweepOnceItsEventsAreApplied() {
        documents(TENANT, "gdrive", 10, 3);
        jdbc.sql("""
                insert into sync_runs (tenant_id, sync_id, source, mode, state, end_offsets)
                values (?, ?, 'gdrive', 'incremental', 'completing', jsonb_build_object('0', 10::bigint))""")
                .params(TENANT, SYNC).update();
        appliedUpTo(9);
        assertThat(sweeper.sweepOne()).as("events still in flight: wait").isFalse();

        appliedUpTo(10);
        while (sweeper.sweepOne()) {
            // one chunk per call
        }
        assertThat(state()).isEqualTo("completed");
        assertThat(liveCount(TENANT, "gdrive")).as("the 7 documents it did not send stay").isEqualTo(10);
    }

    @Test
    void marksOpenSyncsSilentForStallAfterAsStalledAndNoOther() {
        var silent = UUID.randomUUID();
        var lively = UUID.randomUUID();
        var completing = UUID.randomUUID();
        jdbc.sql("""
                insert into sync_runs (tenant_id, sync_id, source, mode, state, last_activity_at)
                values (:tenant, :silent, 'a', 'full', 'open', now() - interval '11 minutes'),
                       (:tenant, :lively, 'b', 'incremental', 'open', now() - interval '9 minutes'),
                       (:tenant, :completing, 'c', 'full', 'completing', now() - interval '1 hour')""")
                .param("tenant", TENANT).param("silent", silent).param("lively", lively).param("completing", completing)
                .update();

        assertThat(sweeper.markStalled()).as("nothing more to do this round").isFalse();

        assertThat(jdbc.sql("select sync_id::text || ' ' || state from sync_runs order by source").query(String.class).list())
                .as("the silent one; control: the one heard from within stall-after, and one not open")
                .containsExactly(silent + " stalled", lively + " open", completing + " completing");
    }

    private String state() {
        return jdbc.sql("select state from sync_runs").query(String.class).single();
    }

    private void documents(UUID tenant, String source, int n, int seenBySync) {
        jdbc.sql("""
                insert into documents (tenant_id, external_id, source, version, content, last_sync_id)
                select :tenant, :source || '-' || i, :source, 1, 'text', case when i < :seen then :sync else :earlier end
                from generate_series(0, :n - 1) i""")
                .param("tenant", tenant).param("source", source).param("n", n).param("seen", seenBySync)
                .param("sync", SYNC).param("earlier", EARLIER_SYNC).update();
    }

    private void completedSync(long endOffset) {
        jdbc.sql("""
                insert into sync_runs (tenant_id, sync_id, source, mode, state, end_offsets)
                values (?, ?, 'gdrive', 'full', 'completing', jsonb_build_object('0', ?::bigint, '1', 0))""")
                .params(TENANT, SYNC, endOffset).update();
    }

    private void appliedUpTo(long nextOffset) {
        jdbc.sql("""
                insert into consumer_offsets (consumer_group, topic, kafka_partition, next_offset)
                values ('classify-worker', 'documents.events', 0, ?)
                on conflict (consumer_group, topic, kafka_partition) do update set next_offset = excluded.next_offset""")
                .param(nextOffset).update();
    }

    private long liveCount(UUID tenant, String source) {
        return liveIds(tenant, source).size();
    }

    private java.util.List<String> liveIds(UUID tenant, String source) {
        return jdbc.sql("select external_id from documents where tenant_id = ? and source = ? and deleted_at is null")
                .params(tenant, source).query(String.class).list();
    }
}
