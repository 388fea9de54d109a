package dev.secondbrain.api.syncs;

import dev.secondbrain.access.Audit;
import dev.secondbrain.api.Conflict;
import dev.secondbrain.api.NotFound;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * A person confirms the deletions of a full sync held by the worker's mass-deletion guard: the sync moves from
 * {@code needs_confirmation} to {@code sweeping} (the worker's sweeper then deletes what the preview listed), recorded
 * in the audit log in the same transaction, as the intake's {@code POST /v1/syncs/{id}/confirm-deletions} does for a
 * connector; the page talks to the read API only.
 */
@Component
class Confirmations {

    private static final String STATE = """
            select state from sync_runs where tenant_id = :tenant and sync_id = :sync for update""";
    private static final String SWEEP = """
            update sync_runs set state = 'sweeping'
            where tenant_id = :tenant and sync_id = :sync and state = 'needs_confirmation'""";

    private static final String ONE = """
            select sync_id, state, events_received as received, applied, unchanged, to_delete, deleted, created_at,
                   completed_at
            from sync_runs where tenant_id = :tenant and sync_id = :sync""";

    private final TenantScope scope;

    Confirmations(TenantScope scope) {
        this.scope = scope;
    }

    /** 404 for another tenant's or no sync, 409 unless it is held in needs_confirmation. */
    Sources.Sync confirm(Tenant tenant, UUID syncId) {
        return scope.write(tenant, tx -> {
            var state = tx.sql(STATE).param("tenant", tenant.id()).param("sync", syncId).query(String.class)
                    .optional().orElseThrow(NotFound::new);
            if (!state.equals("needs_confirmation")) {
                throw new Conflict("The sync is " + state + "; only a sync held in needs_confirmation has "
                        + "deletions to confirm.");
            }
            tx.sql(SWEEP).param("tenant", tenant.id()).param("sync", syncId).update();
            Audit.record(tx, tenant.id(), Audit.Actor.key(tenant.keyId()), Audit.Action.SYNC_CONFIRM_DELETIONS, null,
                    "{\"syncId\":\"" + syncId + "\"}");
            return tx.sql(ONE).param("tenant", tenant.id()).param("sync", syncId).query(Sources.Sync.class).single();
        });
    }
}
