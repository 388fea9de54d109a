package dev.secondbrain.api.jobs;

import dev.secondbrain.api.Conflict;
import dev.secondbrain.api.NotFound;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Undoing deletions as a whole: a delete-all job's user tombstones, or what one full sync's sweep deleted. Each
 * revert is a job of its own that restores, in committed chunks in key order, the tombstones its target made
 * whose content is kept (erased ones stay deleted); resumable like a delete-all. Asking again returns the same
 * revert job.
 */
@Component
public class Reverts {

    private static final String TARGET_JOB = """
            select kind, state from jobs where tenant_id = :tenant and job_id = :target""";
    private static final String SYNC_STATE = """
            select state from sync_runs where tenant_id = :tenant and sync_id = :target""";
    private static final String EXISTING = """
            select job_id from jobs where tenant_id = :tenant and target_id = :target order by created_at limit 1""";
    private static final String CREATE_JOB_REVERT = """
            insert into jobs (tenant_id, job_id, kind, target_id, key_id, total)
            select :tenant, :jobId, 'revert_job', :target, :key, done from jobs
            where tenant_id = :tenant and job_id = :target""";
    // The sync records that it was reverted; its revert job restores what its sweep deleted.
    private static final String CREATE_SYNC_REVERT = """
            with reverted as (
                update sync_runs set state = 'reverted', reverted_at = now()
                where tenant_id = :tenant and sync_id = :target and state = 'completed'
                returning deleted
            )
            insert into jobs (tenant_id, job_id, kind, target_id, key_id, total)
            select :tenant, :jobId, 'revert_sync', :target, :key, deleted from reverted""";
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

    private record TargetJob(String kind, String state) {
    }

    private final TenantScope scope;
    private JobRunner runner;

    Reverts(TenantScope scope) {
        this.scope = scope;
    }

    /** The runner kicked after a revert is created (set by the runner, which needs this class too). */
    void runBy(JobRunner runner) {
        this.runner = runner;
    }

    /** A revert job for a finished delete-all job: 404 for another tenant's or no job, 409 for any other job. */
    public UUID revertJob(Tenant tenant, UUID target) {
        var jobId = scope.write(tenant, tx -> {
            lock(tx, tenant);
            var job = tx.sql(TARGET_JOB).param("tenant", tenant.id()).param("target", target)
                    .query(TargetJob.class).optional().orElseThrow(NotFound::new);
            if (!job.kind().equals("delete_all") || !(job.state().equals("done") || job.state().equals("failed"))) {
                throw new Conflict("Only a finished delete-all job can be reverted; this is a " + job.kind()
                        + " job that is " + job.state() + ".");
            }
            return existing(tx, tenant, target).orElseGet(() -> created(tx, tenant, target, CREATE_JOB_REVERT));
        });
        runner.kick();
        return jobId;
    }

    /** A revert job for a completed sync's sweep: 404 for another tenant's or no sync, 409 unless completed. */
    public UUID revertSync(Tenant tenant, UUID target) {
        var jobId = scope.write(tenant, tx -> {
            lock(tx, tenant);
            var state = tx.sql(SYNC_STATE).param("tenant", tenant.id()).param("target", target)
                    .query(String.class).optional().orElseThrow(NotFound::new);
            var existing = existing(tx, tenant, target);
            if (existing.isPresent()) {
                return existing.get();
            }
            if (!state.equals("completed")) {
                throw new Conflict("The sync is " + state + "; only a completed sync can be reverted.");
            }
            return created(tx, tenant, target, CREATE_SYNC_REVERT);
        });
        runner.kick();
        return jobId;
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

    private static void lock(JdbcClient tx, Tenant tenant) {
        tx.sql(Jobs.LOCK_TENANT).param("tenant", tenant.id()).query((rs, n) -> 1).single();
    }

    private static java.util.Optional<UUID> existing(JdbcClient tx, Tenant tenant, UUID target) {
        return tx.sql(EXISTING).param("tenant", tenant.id()).param("target", target).query(UUID.class).optional();
    }

    private static UUID created(JdbcClient tx, Tenant tenant, UUID target, String sql) {
        var jobId = UUID.randomUUID();
        tx.sql(sql).param("tenant", tenant.id()).param("jobId", jobId).param("target", target)
                .param("key", tenant.keyId()).update();
        return jobId;
    }
}
