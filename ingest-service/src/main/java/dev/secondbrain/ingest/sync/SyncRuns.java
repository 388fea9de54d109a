package dev.secondbrain.ingest.sync;

import dev.secondbrain.access.Audit;
import dev.secondbrain.schemas.SyncState;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Full-sync runs of a tenant's sources. Every statement carries the tenant. */
@Component
public class SyncRuns {

    /** Progress of one sync as the connector sees it. */
    public record Progress(UUID syncId, String source, String mode, String state, long received, long applied,
                           long unchanged, Long toDelete, long deleted, Long expected, Double ratePerSecond,
                           Long etaSeconds, OffsetDateTime createdAt, OffsetDateTime lastActivityAt,
                           OffsetDateTime completedAt) {
    }

    /** A stored row and how long the sync has run (to now, or to its completion). */
    record Row(UUID syncId, String source, String mode, String state, long received, long applied, long unchanged,
               Long toDelete, long deleted, Long expected, OffsetDateTime createdAt, OffsetDateTime lastActivityAt,
               OffsetDateTime completedAt, double elapsedSeconds) {

        /** Rate: documents applied or proved unchanged per second of the sync; ETA from {@code expected}. */
        Progress progress() {
            long done = applied + unchanged;
            Double rate = elapsedSeconds > 0 ? done / elapsedSeconds : null;
            Long eta = expected == null || rate == null || rate == 0 ? null
                    : (long) Math.ceil(Math.max(0, expected - done) / rate);
            return new Progress(syncId, source, mode, state, received, applied, unchanged, toDelete, deleted, expected,
                    rate, eta, createdAt, lastActivityAt, completedAt);
        }
    }

    /** A page of a source's syncs, newest first; {@code next} is the cursor of the next page, or null. */
    public record Page(List<Progress> syncs, String next) {
    }

    // opened_seq: the sweep only deletes documents whose last applied write took a smaller number (no clocks)
    private static final String OPEN = """
            insert into sync_runs (tenant_id, sync_id, source, mode, expected, opened_seq)
            values (?, ?, ?, ?, ?, nextval('document_applied_seq'))""";
    private static final String FIND = """
            select sync_id, source, mode, state, events_received as received, applied, unchanged, to_delete,
                   deleted, expected, created_at, last_activity_at, completed_at,
                   extract(epoch from coalesce(completed_at, now()) - created_at)::float8 as elapsed_seconds
            from sync_runs where tenant_id = ? and sync_id = ?""";
    // keyset on (created_at, sync_id) descending, served by sync_runs_by_source
    private static final String OF_SOURCE = """
            select sync_id, source, mode, state, events_received as received, applied, unchanged, to_delete,
                   deleted, expected, created_at, last_activity_at, completed_at,
                   extract(epoch from coalesce(completed_at, now()) - created_at)::float8 as elapsed_seconds
            from sync_runs
            where tenant_id = :tenant and source = :source
              and (cast(:afterAt as timestamptz) is null or (created_at, sync_id) < (cast(:afterAt as timestamptz), cast(:afterId as uuid)))
            order by created_at desc, sync_id desc
            limit :limit""";
    // a stalled sync is still open: its events are taken, and they (or a heartbeat) make it open again
    private static final String OPEN_AMONG = """
            select sync_id from sync_runs where tenant_id = ? and sync_id = any(?) and state in ('open', 'stalled')""";
    private static final String RECEIVED = """
            update sync_runs s set events_received = s.events_received + c.n, last_activity_at = now(),
                   state = case when s.state = 'stalled' then 'open' else s.state end
            from unnest(?::uuid[], ?::bigint[]) as c(sync_id, n)
            where s.tenant_id = ? and s.sync_id = c.sync_id""";
    private static final String HEARTBEAT = """
            update sync_runs set last_activity_at = now(), state = 'open'
            where tenant_id = ? and sync_id = ? and state in ('open', 'stalled')""";
    private static final String TRANSITION = """
            update sync_runs set state = :to, end_offsets = coalesce(cast(:endOffsets as jsonb), end_offsets),
                   completed_at = case when :to = 'aborted' then now() else completed_at end
            where tenant_id = :tenant and sync_id = :sync and state = any(cast(:from as text[]))""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    SyncRuns(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    UUID open(UUID tenant, String source, String mode, Long expected) {
        var syncId = UUID.randomUUID();
        jdbc.sql(OPEN).params(tenant, syncId, source, mode, expected).update();
        return syncId;
    }

    Optional<Progress> find(UUID tenant, UUID syncId) {
        return jdbc.sql(FIND).params(tenant, syncId).query(Row.class).optional().map(Row::progress);
    }

    /** A page of the source's syncs after {@code cursor} (null: from the newest). */
    Page ofSource(UUID tenant, String source, SyncCursor cursor, int limit) {
        var rows = jdbc.sql(OF_SOURCE).param("tenant", tenant).param("source", source)
                .param("afterAt", cursor == null ? null : cursor.createdAt())
                .param("afterId", cursor == null ? null : cursor.syncId())
                .param("limit", limit + 1).query(Row.class).list();
        var page = rows.stream().limit(limit).map(Row::progress).toList();
        var next = rows.size() > limit ? new SyncCursor(page.getLast().createdAt(), page.getLast().syncId()).text() : null;
        return new Page(page, next);
    }

    /** A sign of life of an open or stalled sync (it is open again); false when the sync is not one. */
    boolean heartbeat(UUID tenant, UUID syncId) {
        return jdbc.sql(HEARTBEAT).params(tenant, syncId).update() == 1;
    }

    /** The ids among {@code syncIds} that are open syncs of this tenant, in one statement. */
    public Set<UUID> openAmong(UUID tenant, Collection<UUID> syncIds) {
        return Set.copyOf(jdbc.sql(OPEN_AMONG).params(tenant, syncIds.toArray(UUID[]::new)).query(UUID.class).list());
    }

    /** Adds the events a request carried to each sync's count, in one statement. */
    public void received(UUID tenant, Map<UUID, Long> eventsPerSync) {
        if (eventsPerSync.isEmpty()) {
            return;
        }
        var ids = List.copyOf(eventsPerSync.keySet());
        jdbc.sql(RECEIVED).params(ids.toArray(UUID[]::new),
                ids.stream().map(eventsPerSync::get).toArray(Long[]::new), tenant).update();
    }

    /**
     * Moves the sync to {@code to} if it is in one of {@code from}; false when it was not. A control action
     * ({@code audited}) is recorded in the audit log in the same transaction, with the key that asked.
     */
    boolean transition(UUID tenant, UUID syncId, Set<SyncState> from, SyncState to, String endOffsets,
                       Audit.Action audited, UUID keyId) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            boolean moved = jdbc.sql(TRANSITION).param("to", to.value()).param("endOffsets", endOffsets)
                    .param("tenant", tenant).param("sync", syncId)
                    .param("from", from.stream().map(SyncState::value).toArray(String[]::new)).update() == 1;
            if (moved && audited != null) {
                Audit.record(jdbc, tenant, Audit.Actor.key(keyId), audited, null, "{\"syncId\":\"" + syncId + "\"}");
            }
            return moved;
        }));
    }

    static String json(Map<Integer, Long> endOffsets) {
        return endOffsets.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
