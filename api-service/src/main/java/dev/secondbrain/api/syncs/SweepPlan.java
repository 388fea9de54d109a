package dev.secondbrain.api.syncs;

import dev.secondbrain.api.Conflict;
import dev.secondbrain.api.NotFound;
import dev.secondbrain.api.cursor.Cursors;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a held full sync's sweep would delete right now, a keyset page at a time, so a person confirms knowing
 * what goes. The predicate is the worker's sweep rule (SyncSweeper): live documents of the sync's
 * tenant+source that the sync did not see and that nothing was applied to after it opened.
 */
@Component
class SweepPlan {

    private static final String SYNC = """
            select source, state, opened_seq from sync_runs where tenant_id = :tenant and sync_id = :sync""";
    private static final String PAGE = """
            select external_id, title, version, updated_at from documents
            where tenant_id = :tenant and source = :source and deleted_at is null
              and applied_seq < :opened and last_sync_id is distinct from :sync and external_id > :after
            order by external_id limit :limit""";
    private static final Set<String> PLANNED = Set.of("needs_confirmation", "completing");

    record Doomed(String externalId, String title, long version, OffsetDateTime updatedAt) {
    }

    record Page(List<Doomed> items, String nextCursor) {
    }

    private record Sync(String source, String state, long openedSeq) {
    }

    private final TenantScope scope;
    private final Cursors cursors;

    SweepPlan(TenantScope scope, Cursors cursors) {
        this.scope = scope;
        this.cursors = cursors;
    }

    Page page(Tenant tenant, UUID syncId, int limit, String cursor) {
        var cursorScope = "deletions/" + syncId;
        var after = cursor == null ? "" : cursors.decode(tenant, cursorScope, cursor).getFirst();
        var rows = scope.read(tenant, tx -> {
            var sync = tx.sql(SYNC).param("tenant", tenant.id()).param("sync", syncId).query(Sync.class).optional()
                    .orElseThrow(NotFound::new);
            if (!PLANNED.contains(sync.state())) {
                throw new Conflict("The sync is " + sync.state() + "; its deletions are listed while it is "
                        + "needs_confirmation or completing.");
            }
            return tx.sql(PAGE).param("tenant", tenant.id()).param("source", sync.source())
                    .param("opened", sync.openedSeq()).param("sync", syncId).param("after", after)
                    .param("limit", limit + 1).query(Doomed.class).list();
        });
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        var page = rows.subList(0, limit);
        return new Page(List.copyOf(page), cursors.encode(tenant, cursorScope, List.of(page.getLast().externalId())));
    }
}
