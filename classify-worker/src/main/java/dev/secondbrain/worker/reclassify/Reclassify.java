package dev.secondbrain.worker.reclassify;

import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.worker.classify.Classification;
import dev.secondbrain.worker.classify.Classifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Re-runs classification on a tenant's documents that are not confirmed, so that what its model learnt since
 * reaches documents already stored. One chunk per call, in one transaction of three statements whatever the chunk
 * size: lock the oldest unfinished reclassify job (another worker's job is skipped, not waited for), read the
 * next documents after the job's last key, and write the changed classifications with the job's progress and new
 * last key. A restart resumes after the last committed chunk. The write is guarded: a document confirmed, changed
 * or deleted since the read (its {@code updated_at} moved) is left as it is. Written rows take
 * {@code last_change = 'updated'}, so the counters' trigger and the change feed see them like any other change.
 */
public final class Reclassify {

    private static final String CLAIM = """
            select tenant_id, job_id, coalesce(last_key, '') as last_key from jobs
            where kind = 'reclassify' and state in ('pending', 'running')
            order by created_at
            limit 1
            for update skip locked""";
    private static final String READ = """
            select external_id, source, title, author, left(content, :chars) as content, mime_type, updated_at
            from documents
            where tenant_id = :tenant and external_id > :after and deleted_at is null
              and classification_status <> 'confirmed'
            order by external_id
            limit :size""";
    private static final String WRITE = """
            with input as (
                select * from unnest(:ids::text[], :categories::text[], :confidences::real[], :statuses::text[],
                                     :seen::timestamptz[]) as t(external_id, category, confidence, status, seen_at)
            ), locked as (
                select d.external_id, i.category, i.confidence, i.status from documents d
                join input i on d.external_id = i.external_id
                where d.tenant_id = :tenant and d.deleted_at is null and d.classification_status <> 'confirmed'
                  and d.updated_at = i.seen_at
                  and (d.category, d.confidence, d.classification_status)
                      is distinct from (i.category, i.confidence, i.status)
                order by d.external_id
                for update of d
            ), changed as (
                update documents d
                set category = l.category, confidence = l.confidence, classification_status = l.status,
                    last_change = 'updated', updated_at = now()
                from locked l
                where d.tenant_id = :tenant and d.external_id = l.external_id
                returning 1
            )
            update jobs j
            set state = case when :read < :size then 'done' else 'running' end,
                done = j.done + :read, changed = j.changed + (select count(*) from changed),
                total = case when :read < :size then j.done + :read else j.total end,
                last_key = coalesce(:lastKey, j.last_key), updated_at = now()
            where j.tenant_id = :tenant and j.job_id = :job""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Classifier classifier;
    private final ReclassifySettings settings;
    private final Set<UUID> relearned = ConcurrentHashMap.newKeySet();

    public Reclassify(JdbcClient jdbc, TransactionTemplate transactions, Classifier classifier,
                      ReclassifySettings settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.classifier = classifier;
        this.settings = settings;
    }

    /** Works one chunk of the oldest unfinished reclassify job; returns whether there was one to work. */
    public boolean chunk() {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            var job = jdbc.sql(CLAIM).query(Job.class).optional();
            if (job.isEmpty()) {
                return false;
            }
            work(job.get());
            return true;
        }));
    }

    private void work(Job job) {
        if (relearned.add(job.jobId())) {
            classifier.relearn(job.tenantId()); // the job is asked for because the model changed: learn it now
        }
        var rows = jdbc.sql(READ).param("tenant", job.tenantId()).param("after", job.lastKey())
                .param("chars", Classifier.CONTENT_CHARS).param("size", settings.chunkSize()).query(Row.class).list();
        var classified = classifier.classify(rows.stream().map(row -> row.document(job.tenantId())).toList());
        jdbc.sql(WRITE).param("tenant", job.tenantId()).param("job", job.jobId())
                .param("ids", rows.stream().map(Row::externalId).toArray(String[]::new))
                .param("categories", classified.stream().map(Classification::category).toArray(String[]::new))
                .param("confidences", classified.stream().map(c -> (float) c.confidence()).toArray(Float[]::new))
                .param("statuses", classified.stream().map(Classification::status).toArray(String[]::new))
                .param("seen", rows.stream().map(r -> Timestamp.from(r.updatedAt().toInstant())).toArray(Timestamp[]::new))
                .param("read", rows.size()).param("size", settings.chunkSize())
                .param("lastKey", rows.isEmpty() ? null : rows.getLast().externalId())
                .update();
        if (rows.size() < settings.chunkSize()) {
            relearned.remove(job.jobId());
        }
    }

    record Job(UUID tenantId, UUID jobId, String lastKey) {
    }

    record Row(String externalId, String source, String title, String author, String content, String mimeType,
               OffsetDateTime updatedAt) {

        DocumentUpserted document(UUID tenant) {
            return new DocumentUpserted(tenant, externalId, source, 0, title, content, mimeType, null, author, null,
                    null, Map.of(), null);
        }
    }

}
