package dev.secondbrain.api.syncs;

import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The tenant's sources as a person sees them: every source that has documents (its counter row) or a full sync,
 * with its live documents, its latest sync and its unfinished syncs (one of them may be held for confirmation).
 * Two statements in one read: the sources with their latest sync (a skip scan over {@code sync_runs_by_source},
 * then one index read per source), and the unfinished syncs ({@code sync_runs_open}); nothing is counted.
 */
@Component
class Sources {

    private static final String SOURCES = """
            with recursive synced(source) as (
                (select source from sync_runs where tenant_id = :tenant order by source limit 1)
                union all
                select (select r.source from sync_runs r
                        where r.tenant_id = :tenant and r.source > synced.source order by r.source limit 1)
                from synced where synced.source is not null
            ), sources as (
                select source from synced where source is not null
                union
                select value from document_counts where tenant_id = :tenant and dimension = 'source'
            )
            select s.source, coalesce(c.n, 0) as documents, last.sync_id, last.state, last.events_received,
                   last.applied, last.unchanged, last.to_delete, last.deleted, last.created_at, last.completed_at
            from sources s
            left join document_counts c on c.tenant_id = :tenant and c.dimension = 'source' and c.value = s.source
            left join lateral (
                select r.sync_id, r.state, r.events_received, r.applied, r.unchanged, r.to_delete, r.deleted,
                       r.created_at, r.completed_at
                from sync_runs r where r.tenant_id = :tenant and r.source = s.source
                order by r.created_at desc, r.sync_id desc limit 1) last on true
            order by s.source
            limit 1000""";
    private static final String UNFINISHED = """
            select sync_id, source, state, events_received, applied, unchanged, to_delete, deleted, created_at,
                   completed_at
            from sync_runs
            where tenant_id = :tenant and state in ('open', 'stalled', 'completing', 'needs_confirmation', 'sweeping')
            order by source, created_at, sync_id""";

    /** A full sync: events received by the intake, applied or proved unchanged by the worker, deleted by its sweep. */
    record Sync(UUID syncId, String state, long received, long applied, long unchanged, Long toDelete, long deleted,
                OffsetDateTime createdAt, OffsetDateTime completedAt) {
    }

    record Source(String source, long documents, Sync lastSync, List<Sync> unfinished) {
    }

    record Listing(List<Source> items) {
    }

    private record SourceRow(String source, long documents, UUID syncId, String state, Long eventsReceived,
                             Long applied, Long unchanged, Long toDelete, Long deleted, OffsetDateTime createdAt,
                             OffsetDateTime completedAt) {
        Sync lastSync() {
            return syncId == null ? null : new Sync(syncId, state, eventsReceived, applied, unchanged, toDelete,
                    deleted, createdAt, completedAt);
        }
    }

    private record SyncRow(UUID syncId, String source, String state, long eventsReceived, long applied,
                           long unchanged, Long toDelete, long deleted, OffsetDateTime createdAt,
                           OffsetDateTime completedAt) {
        Sync sync() {
            return new Sync(syncId, state, eventsReceived, applied, unchanged, toDelete, deleted, createdAt,
                    completedAt);
        }
    }

    private final TenantScope scope;

    Sources(TenantScope scope) {
        this.scope = scope;
    }

    Listing list(Tenant tenant) {
        return scope.read(tenant, tx -> {
            var sources = tx.sql(SOURCES).param("tenant", tenant.id()).query(SourceRow.class).list();
            Map<String, List<Sync>> unfinished = tx.sql(UNFINISHED).param("tenant", tenant.id())
                    .query(SyncRow.class).stream()
                    .collect(Collectors.groupingBy(SyncRow::source,
                            Collectors.mapping(SyncRow::sync, Collectors.toList())));
            return new Listing(sources.stream().map(row -> new Source(row.source(), row.documents(), row.lastSync(),
                    unfinished.getOrDefault(row.source(), List.of()))).toList());
        });
    }
}
