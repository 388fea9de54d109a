package dev.secondbrain.schemas;

import dev.secondbrain.testkit.FreshDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrates an empty database, fills it with 100k documents over 10 tenants, and proves with EXPLAIN that
 * the request-path queries use their indexes. Each check has a control: with its index dropped (inside a
 * rolled-back transaction) the plan no longer uses it, so the check can fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreIndexIntegrationTests {

    private static final String TENANT = "'00000000-0000-0000-0000-000000000003'";

    private static final String GENERATE = """
            insert into documents (tenant_id, external_id, source, version, title, content, content_hash,
                                   category, classification_status, deleted_at, deleted_by, deleted_sync_id,
                                   deleted_job_id, purged_at, applied_seq)
            select ('00000000-0000-0000-0000-00000000000' || (i % 10))::uuid,
                   'doc-' || lpad(i::text, 6, '0'),
                   (array['gdrive', 'slack', 'notion'])[1 + i % 3],
                   1,
                   'Title ' || i,
                   'meeting notes about project zebra' || (i % 1000) || ' and budget planning ' || md5(i::text),
                   sha256(i::text::bytea),
                   (array['work', 'personal', 'spam', 'other'])[1 + i % 4],
                   (array['classified', 'needs_review', 'confirmed'])[1 + i % 3],
                   case when i % 50 in (0, 1, 2) then now() - (i % 100) * interval '1 day' end,
                   (array['source', 'sync', 'user'])[1 + i % 50],
                   case when i % 50 = 1 then ('00000000-0000-0000-0001-0000000000' || lpad((i % 97)::text, 2, '0'))::uuid end,
                   case when i % 50 = 2 then ('00000000-0000-0000-0002-0000000000' || lpad((i % 89)::text, 2, '0'))::uuid end,
                   case when i % 50 = 0 then now() end,
                   i
            from generate_series(1, 100000) i
            """;

    private DataSource dataSource;

    @BeforeAll
    void migrateAndFill() throws SQLException {
        dataSource = FreshDatabase.create().dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute(GENERATE);
            c.createStatement().execute("""
                    insert into knowledge_gaps (tenant_id, question, status)
                    select ('00000000-0000-0000-0000-00000000000' || (i % 10))::uuid, 'question ' || i,
                           (array['open', 'answered', 'dismissed'])[1 + i % 3]
                    from generate_series(1, 50000) i""");
            c.createStatement().execute("""
                    insert into sync_runs (tenant_id, sync_id, source, mode, state, created_at)
                    select ('00000000-0000-0000-0000-00000000000' || (i % 10))::uuid, gen_random_uuid(),
                           (array['gdrive', 'slack', 'notion', 'gmail'])[1 + (i / 10) % 4], 'full',
                           case when i % 1000 = 0 then 'open' else 'completed' end,
                           now() - i * interval '1 minute'
                    from generate_series(1, 20000) i""");
            c.createStatement().execute("analyze");
        }
    }

    @Test
    void listPageUsesKeysetIndex() throws SQLException {
        assertUsesIndex("documents_live", """
                select external_id, title from documents
                where tenant_id = %s and deleted_at is null and external_id > 'doc-050000'
                order by external_id limit 50""".formatted(TENANT));
    }

    @Test
    void categoryFilterUsesItsIndex() throws SQLException {
        assertUsesIndex("documents_by_category", """
                select external_id from documents
                where tenant_id = %s and deleted_at is null and category = 'spam' and external_id > ''
                order by external_id limit 50""".formatted(TENANT));
    }

    @Test
    void statusFilterUsesItsIndex() throws SQLException {
        assertUsesIndex("documents_by_status", """
                select external_id from documents
                where tenant_id = %s and deleted_at is null and classification_status = 'needs_review'
                order by external_id limit 50""".formatted(TENANT));
    }

    @Test
    void lookupByExternalIdUsesPrimaryKey() throws SQLException {
        assertUsesIndex("documents_pkey", """
                select * from documents where tenant_id = %s and external_id = 'doc-000013'""".formatted(TENANT));
    }

    @Test
    void searchUsesFullTextIndex() throws SQLException {
        assertUsesIndex("documents_search", """
                select external_id, ts_rank(search, q) from documents, websearch_to_tsquery('english', 'zebra17') q
                where tenant_id = %s and deleted_at is null and search @@ q
                order by 2 desc limit 20""".formatted(TENANT));
    }

    @Test
    void tombstoneRetentionUsesTombstoneIndex() throws SQLException {
        assertUsesIndex("documents_tombstones", """
                select tenant_id, external_id from documents
                where deleted_at < now() - interval '30 days' limit 1000""");
    }

    @Test
    void sweepCandidatesOfASyncAreARangeOfItsSource() throws SQLException {
        assertUsesIndex("documents_sweep", """
                select count(*) from documents
                where tenant_id = %s and source = 'slack' and deleted_at is null
                  and applied_seq < 500 and last_sync_id is distinct from '00000000-0000-0000-0000-0000000000aa'"""
                .formatted(TENANT));
    }

    @Test
    void whatOneSyncSweptIsFoundByItsIndex() throws SQLException {
        assertUsesIndex("documents_swept", """
                select external_id from documents
                where tenant_id = %s and deleted_sync_id = '00000000-0000-0000-0001-000000000013'
                  and deleted_by = 'sync' and purged_at is null and external_id > ''
                order by external_id limit 1000""".formatted(TENANT));
    }

    @Test
    void whatOneDeleteAllJobDeletedIsFoundByItsIndex() throws SQLException {
        assertUsesIndex("documents_by_job", """
                select external_id from documents
                where tenant_id = %s and deleted_job_id = '00000000-0000-0000-0002-000000000013'
                  and deleted_by = 'user' and purged_at is null and external_id > ''
                order by external_id limit 1000""".formatted(TENANT));
    }

    @Test
    void trashListUsesItsIndex() throws SQLException {
        assertUsesIndex("documents_trash", """
                select external_id, deletion_provenance(d) from documents d
                where tenant_id = %s and deleted_at is not null and external_id > 'doc-050000'
                order by external_id limit 50""".formatted(TENANT));
    }

    @Test
    void retentionPurgeFindsTombstonesThatKeepContentByItsIndex() throws SQLException {
        assertUsesIndex("documents_unpurged", """
                select tenant_id, external_id from documents
                where deleted_at is not null and purged_at is null
                  and deleted_at < now() - make_interval(secs => 2592000)
                order by deleted_at limit 1000""");
    }

    @Test
    void statisticsReadCountersNotDocuments() throws SQLException {
        var plan = explain("select dimension, value, n from document_counts where tenant_id = " + TENANT);
        assertThat(plan).doesNotContain("documents ").contains("document_counts");
        try (Connection c = dataSource.getConnection()) {
            var rs = c.createStatement().executeQuery(
                    "select n from document_counts where tenant_id = " + TENANT + " and dimension = 'total'");
            rs.next();
            var live = c.createStatement().executeQuery(
                    "select count(*) from documents where deleted_at is null and tenant_id = " + TENANT);
            live.next();
            assertThat(rs.getLong(1)).isEqualTo(live.getLong(1)).isPositive();
        }
    }

    @Test
    void latestSyncOfASourceIsTheFirstEntryOfItsIndex() throws SQLException {
        assertUsesIndex("sync_runs_by_source", """
                select sync_id, state from sync_runs r where r.tenant_id = %s and r.source = 'slack'
                order by r.created_at desc, r.sync_id desc limit 1""".formatted(TENANT));
    }

    @Test
    void theNextSourceOfTheSkipScanIsAnIndexRead() throws SQLException {
        assertUsesIndex("sync_runs_by_source", """
                select r.source from sync_runs r where r.tenant_id = %s and r.source > 'gdrive'
                order by r.source limit 1""".formatted(TENANT));
    }

    @Test
    void lastAppliedWriteIsTheLastEntryOfItsIndex() throws SQLException {
        assertUsesIndex("documents_by_updated", """
                select max(updated_at) from documents where tenant_id = %s and deleted_at is null""".formatted(TENANT));
    }

    @Test
    void gapStatusListUsesItsIndex() throws SQLException {
        assertUsesIndex("knowledge_gaps_by_status", """
                select gap_id, question from knowledge_gaps
                where tenant_id = %s and status = 'open' and gap_id > 100 order by gap_id limit 50""".formatted(TENANT));
    }

    private void assertUsesIndex(String index, String query) throws SQLException {
        var plan = explain(query);
        assertThat(plan).as("plan of %s", query).contains(index).doesNotContain("Seq Scan on documents");
        assertThat(explainWithout(index, query)).as("control: plan without %s", index).doesNotContain(index);
    }

    private String explain(String query) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return plan(c, query);
        }
    }

    private String explainWithout(String index, String query) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            var constraint = index.endsWith("_pkey");
            var table = index.startsWith("knowledge_gaps") ? "knowledge_gaps" : "documents";
            c.createStatement().execute(constraint
                    ? "alter table " + table + " drop constraint " + index + " cascade"
                    : "drop index " + index);
            var plan = plan(c, query);
            c.rollback();
            return plan;
        }
    }

    private static String plan(Connection c, String query) throws SQLException {
        var lines = new ArrayList<String>();
        var rs = c.createStatement().executeQuery("explain " + query);
        while (rs.next()) {
            lines.add(rs.getString(1));
        }
        return String.join("\n", lines);
    }
}
