package dev.secondbrain.worker.sync;

import dev.secondbrain.testkit.FreshDatabase;
import dev.secondbrain.worker.store.Documents;
import dev.secondbrain.worker.store.Seen;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On demand (not a *Tests class): the database side of reconciling a 100k-document source of which 1 % was
 * deleted at the source. The worker marks the 99,000 documents the sync proves unchanged (its real
 * statement, in batches of 1000), then the sweep tombstones the 1,000 it did not see.
 * {@code ./mvnw -q -pl classify-worker verify -Dtest=SyncReconcileMeasurement -Dsurefire.failIfNoSpecifiedTests=false}
 */
class SyncReconcileMeasurement {

    private static final int DOCUMENTS = Integer.getInteger("reconcile.documents", 100_000);

    @Test
    void reconcilesAHundredThousandDocumentSourceWithOnePercentDeleted() {
        var dataSource = FreshDatabase.create().dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        var jdbc = JdbcClient.create(dataSource);
        var tenant = UUID.randomUUID();
        var sync = UUID.randomUUID();
        jdbc.sql("""
                insert into documents (tenant_id, external_id, source, version, title, content, content_hash, category)
                select :tenant, 'doc-' || lpad(i::text, 6, '0'), 'gdrive', 1, 'Title ' || i,
                       'content of the document number ' || i || ' ' || md5(i::text), sha256(i::text::bytea), 'work'
                from generate_series(1, :n) i""").param("tenant", tenant).param("n", DOCUMENTS).update();
        jdbc.sql("vacuum analyze documents").update();
        jdbc.sql("insert into sync_runs (tenant_id, sync_id, source, mode, state, end_offsets) values (?, ?, 'gdrive', 'full', 'open', '{}')")
                .params(tenant, sync).update();

        var transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        var documents = new Documents(new JdbcTemplate(dataSource));
        long markStart = System.nanoTime();
        var batch = new ArrayList<Seen>();
        for (int i = 1; i <= DOCUMENTS; i++) {
            if (i % 100 != 0) { // every hundredth document was deleted at the source: the sync never sends it
                batch.add(new Seen(tenant, "doc-%06d".formatted(i), 1, sync));
            }
            if (batch.size() == 1000 || i == DOCUMENTS) {
                var marks = java.util.List.copyOf(batch);
                transactions.executeWithoutResult(status -> documents.seen(marks));
                batch.clear();
            }
        }
        long marked = System.nanoTime() - markStart;

        jdbc.sql("update sync_runs set state = 'completing' where sync_id = ?").param(sync).update();
        var sweeper = new SyncSweeper(jdbc, transactions, new SyncSettings(0.3, 1000, Duration.ofSeconds(1), Duration.ofMinutes(10)),
                "classify-worker", "documents.events");
        long sweepStart = System.nanoTime();
        while (sweeper.sweepOne()) {
            // one committed chunk per call
        }
        long swept = System.nanoTime() - sweepStart;

        assertThat(jdbc.sql("select deleted from sync_runs where sync_id = ?").param(sync).query(Long.class).single())
                .isEqualTo(DOCUMENTS / 100);
        System.out.printf("%n[reconcile] %d documents, 1 %% deleted: marking %d unchanged documents seen %.0f ms, "
                        + "sweep of %d %.0f ms, total %.0f ms%n", DOCUMENTS, DOCUMENTS - DOCUMENTS / 100, marked / 1e6,
                DOCUMENTS / 100, swept / 1e6, (marked + swept) / 1e6);
    }
}
