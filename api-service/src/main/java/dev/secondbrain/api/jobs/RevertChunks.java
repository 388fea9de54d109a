package dev.secondbrain.api.jobs;

import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

/** The work of revert jobs: one committed chunk of restored tombstones per call. */
@Component
class RevertChunks {

    /*
     * One chunk of a job revert, one statement: lock the revert job, lock the next user tombstones of the target
     * job in key order (index documents_by_job) whose content is kept, make them live (a new applied_seq, so a
     * running sync does not sweep them right back), record progress.
     */
    private static final String JOB_CHUNK = """
            with job as (
                select tenant_id, job_id, target_id from jobs
                where tenant_id = :tenant and job_id = :jobId and kind = 'revert_job' and state in ('pending', 'running')
                for update
            ), chunk as (
                select d.tenant_id, d.external_id from documents d join job on d.tenant_id = job.tenant_id
                where d.tenant_id = :tenant and d.deleted_job_id = job.target_id and d.deleted_by = 'user'
                  and d.purged_at is null and d.external_id > :after
                order by d.external_id
                limit :size
                for update of d
            ), back as (
                update documents d
                set deleted_at = null, deleted_by = null, deleted_job_id = null, deleted_key_id = null,
                    applied_seq = nextval('document_applied_seq'), last_change = 'restored', updated_at = now()
                where d.tenant_id = :tenant and d.deleted_job_id = (select target_id from job)
                  and d.deleted_by = 'user' and d.purged_at is null
                  and d.external_id > :after and d.external_id <= (select max(external_id) from chunk)
                returning 1
            ), progress as (
                update jobs j
                set state = case when (select count(*) from chunk) < :size then 'done' else 'running' end,
                    done = j.done + (select count(*) from back),
                    total = case when (select count(*) from chunk) < :size
                                 then j.done + (select count(*) from back) else j.total end,
                    updated_at = now()
                from job
                where j.tenant_id = job.tenant_id and j.job_id = job.job_id
                returning j.state
            )
            select (select state from progress) as state, (select max(external_id) from chunk) as last_key,
                   (select count(*) from back) as deleted
            """;
    /** The same for a sync revert: the sync's sweep tombstones (index documents_swept). */
    private static final String SYNC_CHUNK = """
            with job as (
                select tenant_id, job_id, target_id from jobs
                where tenant_id = :tenant and job_id = :jobId and kind = 'revert_sync' and state in ('pending', 'running')
                for update
            ), chunk as (
                select d.tenant_id, d.external_id from documents d join job on d.tenant_id = job.tenant_id
                where d.tenant_id = :tenant and d.deleted_sync_id = job.target_id and d.deleted_by = 'sync'
                  and d.purged_at is null and d.external_id > :after
                order by d.external_id
                limit :size
                for update of d
            ), back as (
                update documents d
                set deleted_at = null, deleted_by = null, deleted_sync_id = null,
                    applied_seq = nextval('document_applied_seq'), last_change = 'restored', updated_at = now()
                where d.tenant_id = :tenant and d.deleted_sync_id = (select target_id from job)
                  and d.deleted_by = 'sync' and d.purged_at is null
                  and d.external_id > :after and d.external_id <= (select max(external_id) from chunk)
                returning 1
            ), progress as (
                update jobs j
                set state = case when (select count(*) from chunk) < :size then 'done' else 'running' end,
                    done = j.done + (select count(*) from back),
                    total = case when (select count(*) from chunk) < :size
                                 then j.done + (select count(*) from back) else j.total end,
                    updated_at = now()
                from job
                where j.tenant_id = job.tenant_id and j.job_id = job.job_id
                returning j.state
            )
            select (select state from progress) as state, (select max(external_id) from chunk) as last_key,
                   (select count(*) from back) as deleted
            """;

    private final TenantScope scope;

    RevertChunks(TenantScope scope) {
        this.scope = scope;
    }

    Chunk jobChunk(UnfinishedJob job, String after, int size) {
        return chunk(JOB_CHUNK, job, after, size);
    }

    Chunk syncChunk(UnfinishedJob job, String after, int size) {
        return chunk(SYNC_CHUNK, job, after, size);
    }

    private Chunk chunk(String sql, UnfinishedJob job, String after, int size) {
        return scope.write(Tenant.of(job.tenantId()), tx -> tx.sql(sql).param("tenant", job.tenantId())
                .param("jobId", job.jobId()).param("after", after).param("size", size).query(Chunk.class).single());
    }
}
