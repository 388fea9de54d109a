package dev.secondbrain.worker.retention;

import dev.secondbrain.testkit.FreshDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPurgeIntegrationTests {

    private static final UUID TENANT = UUID.randomUUID();

    private JdbcClient jdbc;
    private RetentionPurge purge;

    @BeforeEach
    void store() {
        var dataSource = FreshDatabase.create().dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        purge = new RetentionPurge(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                new RetentionSettings(Duration.ofDays(30), 2, Duration.ofMinutes(1)));
    }

    @Test
    void erasesTheContentOfTombstonesPastTheRetentionInChunksAndKeepsTheirProvenance() {
        tombstone("old-user", "user", null, 40);
        tombstone("old-sync", "sync", UUID.randomUUID(), 31);
        tombstone("older-user", "user", null, 400);
        tombstone("recent-user", "user", null, 29);
        tombstone("recent-sync", "sync", UUID.randomUUID(), 1);
        jdbc.sql("insert into documents (tenant_id, external_id, source, version, content) values (?, 'live', 'notes', 1, 'text')")
                .param(TENANT).update();

        assertThat(purge.purgeChunk()).as("a full chunk: more may be due").isTrue();
        assertThat(purge.purgeChunk()).as("the last, short chunk").isFalse();

        assertThat(ids("purged_at is not null and content is null and title is null and content_hash is null "
                + "and last_change = 'purged'")).containsExactlyInAnyOrder("old-user", "old-sync", "older-user");
        assertThat(ids("deleted_by = 'sync' and deleted_sync_id is not null and purged_at is not null"))
                .as("provenance kept").containsExactly("old-sync");
        // control: within the retention window content is kept, and live documents are never touched
        assertThat(ids("purged_at is null and content = 'text'"))
                .containsExactlyInAnyOrder("recent-user", "recent-sync", "live");
        assertThat(purge.purgeChunk()).isFalse();
    }

    private void tombstone(String id, String by, UUID sync, int daysAgo) {
        jdbc.sql("""
                insert into documents (tenant_id, external_id, source, version, title, content, content_hash,
                                       deleted_at, deleted_by, deleted_sync_id)
                values (?, ?, 'notes', 1, 'title', 'text', '\\x00', now() - make_interval(days => ?), ?, ?)""")
                .params(TENANT, id, daysAgo, by, sync).update();
    }

    private List<String> ids(String where) {
        return jdbc.sql("select external_id from documents where " + where).query(String.class).list();
    }
}
