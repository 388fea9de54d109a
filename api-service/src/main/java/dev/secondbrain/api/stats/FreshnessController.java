package dev.secondbrain.api.stats;

import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Freshness in one statement of index reads: the newest live write is the last entry of {@code documents_by_updated}
 * for the tenant, and unfinished syncs are the few rows of the partial index {@code sync_runs_open}.
 */
@RestController
class FreshnessController {

    private static final String FRESHNESS = """
            select (select max(updated_at) from documents where tenant_id = :tenant and deleted_at is null)
                       as last_applied_at,
                   count(*) as unfinished_syncs,
                   min(created_at) as oldest_unfinished_sync_since,
                   coalesce(sum(greatest(events_received - applied - unchanged, 0)), 0) as sync_events_not_applied,
                   now() as now
            from sync_runs
            where tenant_id = :tenant and state in ('open', 'stalled', 'completing', 'needs_confirmation', 'sweeping')""";

    private final TenantScope scope;

    FreshnessController(TenantScope scope) {
        this.scope = scope;
    }

    @Operation(summary = "How fresh the tenant's store is: last applied write, unfinished syncs and their backlog")
    @GetMapping("/v1/freshness")
    Freshness freshness(Tenant tenant) {
        return scope.read(tenant, tx -> tx.sql(FRESHNESS).param("tenant", tenant.id()).query(Freshness.class).single());
    }
}
