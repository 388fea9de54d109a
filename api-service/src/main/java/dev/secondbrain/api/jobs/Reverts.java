package dev.secondbrain.api.jobs;

import dev.secondbrain.access.Audit;
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
 * whose content is kept (erased ones stay deleted; see {@link RevertChunks}); resumable like a delete-all. Asking
 * again returns the same revert job.
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
    private record TargetJob(String kind, String state) {
    }

    private final TenantScope scope;
    private final JobRunner runner;

    Reverts(TenantScope scope, JobRunner runner) {
        this.scope = scope;
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
            return existing(tx, tenant, target)
                    .orElseGet(() -> created(tx, tenant, target, CREATE_JOB_REVERT, Audit.Action.JOB_REVERT));
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
            return created(tx, tenant, target, CREATE_SYNC_REVERT, Audit.Action.SYNC_REVERT);
        });
        runner.kick();
        return jobId;
    }

    private static void lock(JdbcClient tx, Tenant tenant) {
        tx.sql(Jobs.LOCK_TENANT).param("tenant", tenant.id()).query((rs, n) -> 1).single();
    }

    private static java.util.Optional<UUID> existing(JdbcClient tx, Tenant tenant, UUID target) {
        return tx.sql(EXISTING).param("tenant", tenant.id()).param("target", target).query(UUID.class).optional();
    }

    /** A new revert job, recorded in the audit log in the same transaction. */
    private static UUID created(JdbcClient tx, Tenant tenant, UUID target, String sql, Audit.Action action) {
        var jobId = UUID.randomUUID();
        tx.sql(sql).param("tenant", tenant.id()).param("jobId", jobId).param("target", target)
                .param("key", tenant.keyId()).update();
        Audit.record(tx, tenant.id(), Audit.Actor.key(tenant.keyId()), action, null,
                "{\"jobId\":\"" + jobId + "\",\"targetId\":\"" + target + "\"}");
        return jobId;
    }
}
