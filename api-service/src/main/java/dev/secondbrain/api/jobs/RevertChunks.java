package dev.secondbrain.api.jobs;

import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

/** The work of revert jobs: one committed chunk of restored tombstones per call. */
@Component
class RevertChunks {

    /*
     * One chunk of a revert, one statement: lock the revert job, lock the next tombstones of its target (a job's
     * user tombstones, index documents_by_job, or a sync's sweep tombstones, index documents_swept) in key order
     * whose content is kept, make them live (a new applied_seq, so a running sync does not sweep them right back),
     * record progress.
     */
    private static String revert(String kind, String target, String deletedBy, String alsoClear) {
        return """
                with job as (
                    select tenant_id, job_id, target_id from jobs
                    where tenant_id = :tenant and job_id = :jobId and kind = '%1$s' and state in ('pending', 'running')
                    for update
                ), chunk as (
                    select d.tenant_id, d.external_id from documents d join job on d.tenant_id = job.tenant_id
                    where d.tenant_id = :tenant and d.%2$s = job.target_id and d.deleted_by = '%3$s'
                      and d.purged_at is null and d.external_id > :after
                    order by d.external_id
                    limit :size
                    for update of d
                ), changed as (
                    update documents d
                    set deleted_at = null, deleted_by = null, %2$s = null,%4$s
                        applied_seq = nextval('document_applied_seq'), last_change = 'restored', updated_at = now()
                    where d.tenant_id = :tenant and d.%2$s = (select target_id from job)
                      and d.deleted_by = '%3$s' and d.purged_at is null
                      and d.external_id > :after and d.external_id <= (select max(external_id) from chunk)
                    returning 1
                )
                """.formatted(kind, target, deletedBy, alsoClear) + Chunk.PROGRESS;
    }

    private static final String JOB_CHUNK = revert("revert_job", "deleted_job_id", "user", " deleted_key_id = null,");
    private static final String SYNC_CHUNK = revert("revert_sync", "deleted_sync_id", "sync", "");

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
