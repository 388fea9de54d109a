package dev.secondbrain.api.jobs;

import dev.secondbrain.access.Audit;
import dev.secondbrain.api.NotFound;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/** Jobs in the {@code jobs} table: delete-all creation, progress, and the chunk that does a delete-all's work. */
@Component
class Jobs {

    // Serializes creation per tenant so that concurrent requests share one unfinished job.
    static final String LOCK_TENANT = "select pg_advisory_xact_lock(hashtextextended(:tenant::text, 0))";
    private static final String CREATE = """
            with existing as (
                select job_id from jobs
                where tenant_id = :tenant and kind = 'delete_all' and state in ('pending', 'running')
                order by created_at limit 1
            ), created as (
                insert into jobs (tenant_id, job_id, kind, total, key_id)
                select :tenant, :jobId, 'delete_all', coalesce((select n from document_counts
                        where tenant_id = :tenant and dimension = 'total' and value = ''), 0), :key
                where not exists (select from existing)
                returning job_id
            )
            select job_id from created union all select job_id from existing
            """;
    // The worker works reclassify jobs (it holds the tenant models); one unfinished per tenant, like delete-all.
    // total: live documents not confirmed when asked (from the counters, no scan).
    private static final String CREATE_RECLASSIFY = """
            with existing as (
                select job_id from jobs
                where tenant_id = :tenant and kind = 'reclassify' and state in ('pending', 'running')
                order by created_at limit 1
            ), created as (
                insert into jobs (tenant_id, job_id, kind, total, key_id)
                select :tenant, :jobId, 'reclassify',
                       greatest(0, coalesce((select sum(case when dimension = 'total' then n else -n end)
                                             from document_counts where tenant_id = :tenant
                                               and (dimension, value) in (('total', ''), ('status', 'confirmed'))), 0)),
                       :key
                where not exists (select from existing)
                returning job_id
            )
            select job_id from created union all select job_id from existing
            """;
    private static final String STATUS = """
            select job_id, kind, state, total, done, target_id,
                   case when kind = 'reclassify' then changed end as changed
            from jobs where tenant_id = :tenant and job_id = :jobId
            """;
    // Across tenants, so not bound: the database function unfinished_jobs (SECURITY DEFINER) returns ids only;
    // each job is then worked bound to its tenant.
    private static final String UNFINISHED = "select tenant_id, job_id, kind from unfinished_jobs()";
    /*
     * One chunk, one statement, one short transaction: lock the job row (so two instances running the
     * same job take turns), lock the next live documents in key order that existed when the job was
     * created, tombstone them as the job's (provenance: user, the job, the key that asked; content kept for
     * the retention window, so the job can be reverted), and record progress. A chunk shorter than the chunk
     * size was the last. The update takes the chunk's key range rather than joining the chunk, so it reads one
     * index range whatever the statistics say (a join planned on a freshly loaded table was a nested loop over
     * all rows); computing the range runs the locking chunk to its end first.
     */
    private static final String CHUNK = """
            with job as (
                select tenant_id, job_id, created_at, key_id from jobs
                where tenant_id = :tenant and job_id = :jobId and state in ('pending', 'running')
                for update
            ), chunk as (
                select d.tenant_id, d.external_id from documents d join job on d.tenant_id = job.tenant_id
                where d.tenant_id = :tenant and d.deleted_at is null and d.external_id > :after
                  and d.created_at <= job.created_at
                order by d.external_id
                limit :size
                for update of d
            ), changed as (
                update documents d
                set deleted_at = now(), deleted_by = 'user', deleted_job_id = :jobId,
                    deleted_key_id = (select key_id from job), last_change = 'deleted', updated_at = now()
                where d.tenant_id = :tenant and d.deleted_at is null
                  and d.external_id > :after and d.external_id <= (select max(external_id) from chunk)
                  and d.created_at <= (select created_at from job)
                returning 1
            )
            """ + Chunk.PROGRESS;

    private final TenantScope scope;
    private final JdbcClient jdbc;

    Jobs(TenantScope scope, JdbcClient jdbc) {
        this.scope = scope;
        this.jdbc = jdbc;
    }

    /** The unfinished delete-all job, or a new one recorded in the audit log in the same transaction. */
    UUID createDeleteAll(Tenant tenant) {
        return scope.write(tenant, tx -> {
            tx.sql(LOCK_TENANT).param("tenant", tenant.id()).query((rs, n) -> 1).single();
            var jobId = UUID.randomUUID();
            var job = tx.sql(CREATE).param("tenant", tenant.id()).param("jobId", jobId)
                    .param("key", tenant.keyId()).query(UUID.class).single();
            if (job.equals(jobId)) {
                Audit.record(tx, tenant.id(), Audit.Actor.key(tenant.keyId()), Audit.Action.DELETE_ALL, null,
                        "{\"jobId\":\"" + jobId + "\"}");
            }
            return job;
        });
    }

    /** The unfinished reclassify job, or a new one for the worker to work. */
    UUID createReclassify(Tenant tenant) {
        return scope.write(tenant, tx -> {
            tx.sql(LOCK_TENANT).param("tenant", tenant.id()).query((rs, n) -> 1).single();
            return tx.sql(CREATE_RECLASSIFY).param("tenant", tenant.id()).param("jobId", UUID.randomUUID())
                    .param("key", tenant.keyId()).query(UUID.class).single();
        });
    }

    JobStatus status(Tenant tenant, UUID jobId) {
        return scope.read(tenant, tx -> tx.sql(STATUS).param("tenant", tenant.id()).param("jobId", jobId)
                .query(JobStatus.class).optional()).orElseThrow(NotFound::new);
    }

    List<UnfinishedJob> unfinished() {
        return jdbc.sql(UNFINISHED).query(UnfinishedJob.class).list();
    }

    Chunk deleteChunk(UnfinishedJob job, String after, int size) {
        return scope.write(Tenant.of(job.tenantId()), tx -> tx.sql(CHUNK).param("tenant", job.tenantId())
                .param("jobId", job.jobId()).param("after", after).param("size", size).query(Chunk.class).single());
    }
}
