package dev.secondbrain.worker.retention;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the content of tombstones older than the retention, one committed chunk per call: the oldest
 * tombstones that still keep content (index {@code documents_unpurged}), locked in key order like every other
 * writer, so it cannot deadlock with a batch. The cut-off is the database's own {@code now()}, never a clock of
 * this machine. A purged tombstone keeps its provenance and says it is purged; it can no longer be restored.
 */
public final class RetentionPurge {

    private static final String PURGE_CHUNK = """
            with due as (
                select tenant_id, external_id from documents
                where deleted_at is not null and purged_at is null
                  and deleted_at < now() - make_interval(secs => :retentionSeconds)
                order by deleted_at
                limit :chunk
            ), locked as (
                select d.tenant_id, d.external_id from documents d
                join due on d.tenant_id = due.tenant_id and d.external_id = due.external_id
                where d.deleted_at is not null and d.purged_at is null
                order by d.tenant_id, d.external_id
                for update of d
            )
            update documents d
            set title = null, content = null, metadata = '{}', url = null, author = null, content_hash = null,
                purged_at = now(), last_change = 'purged', updated_at = now()
            from locked
            where d.tenant_id = locked.tenant_id and d.external_id = locked.external_id""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RetentionSettings settings;

    public RetentionPurge(JdbcClient jdbc, TransactionTemplate transactions, RetentionSettings settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** Erases one chunk; returns whether it was full (more may be due). */
    public boolean purgeChunk() {
        Integer purged = transactions.execute(status -> jdbc.sql(PURGE_CHUNK)
                .param("retentionSeconds", (double) settings.retention().toSeconds())
                .param("chunk", settings.purgeChunkSize()).update());
        return purged != null && purged == settings.purgeChunkSize();
    }
}
