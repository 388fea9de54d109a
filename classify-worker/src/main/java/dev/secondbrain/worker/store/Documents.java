package dev.secondbrain.worker.store;

import dev.secondbrain.schemas.DocumentEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The worker's reads and writes of {@code documents}: one statement to read the stored state of a batch's
 * keys, one to write every upsert and tombstone of a batch, one to mark unchanged documents seen
 * (at a newer version, by a sync, while a sync is open) and to undo sweep tombstones the source still has.
 */
@Component
public class Documents {

    // sync_open: is a full sync of the row's tenant+source open, stalled included (index sync_runs_open); asked in
    // the same read. An incremental sync sweeps nothing, so it needs no marks.
    private static final String STORED = """
            select d.tenant_id, d.external_id, d.version, d.content_hash, d.deleted_by, d.last_sync_id,
                   d.purged_at is not null as purged,
                   exists (select from sync_runs s
                           where s.tenant_id = d.tenant_id and s.source = d.source
                             and s.state in ('open', 'stalled', 'completing', 'needs_confirmation', 'sweeping')
                             and s.mode = 'full') as sync_open
            from unnest(?::uuid[], ?::text[]) as k(tenant_id, external_id)
            join documents d on d.tenant_id = k.tenant_id and d.external_id = k.external_id
            """;

    /*
     * Documents the batch proved the source still has without new content: live rows seen by a sync, at a newer
     * version, or while a sync of their source is open; and sweep tombstones (content kept, not purged) that an
     * upsert at their version or newer undoes. Each takes a new applied_seq, so a sync that opened before this
     * does not sweep it. Rows are locked in the order of the arrays (already sorted), so two writers cannot wait
     * on each other.
     */
    private static final String SEEN = """
            with locked as (
                select d.tenant_id, d.external_id, k.version, k.sync_id
                from unnest(?::uuid[], ?::text[], ?::bigint[], ?::uuid[]) as k(tenant_id, external_id, version, sync_id)
                join documents d on d.tenant_id = k.tenant_id and d.external_id = k.external_id
                where d.deleted_at is null
                   or (d.deleted_by = 'sync' and d.purged_at is null and d.version <= k.version)
                order by d.tenant_id, d.external_id
                for update of d)
            update documents d set version = greatest(d.version, l.version),
                last_sync_id = coalesce(l.sync_id, d.last_sync_id),
                applied_seq = nextval('document_applied_seq'),
                last_change = case when d.deleted_at is null then 'updated' else 'restored' end,
                updated_at = case when d.deleted_at is null then d.updated_at else now() end,
                deleted_at = null, deleted_by = null, deleted_sync_id = null
            from locked l where d.tenant_id = l.tenant_id and d.external_id = l.external_id
            """;

    /** Keys in one consistent order for every writer; any total order does, it need not match SQL's. */
    static final Comparator<DocumentEvent> KEY_ORDER =
            Comparator.comparing(DocumentEvent::tenantId).thenComparing(DocumentEvent::externalId);

    private static final DataClassRowMapper<StoredDocument> STORED_ROW = new DataClassRowMapper<>(StoredDocument.class);

    private final JdbcTemplate jdbc;
    private final DocumentRows rows;

    @Autowired
    public Documents(JdbcTemplate jdbcTemplate) {
        this(jdbcTemplate, true);
    }

    /** {@code sortKeys=false} exists only for the test that shows unsorted writers deadlock. */
    Documents(JdbcTemplate jdbcTemplate, boolean sortKeys) {
        this.jdbc = jdbcTemplate;
        this.rows = new DocumentRows(jdbcTemplate, sortKeys);
    }

    /** The stored state of the events' keys, by key, in one statement. */
    public Map<String, StoredDocument> stored(Collection<? extends DocumentEvent> events) {
        if (events.isEmpty()) {
            return Map.of();
        }
        var tenants = events.stream().map(DocumentEvent::tenantId).toArray(UUID[]::new);
        var ids = events.stream().map(DocumentEvent::externalId).toArray(String[]::new);
        return jdbc.query(STORED, ps -> SqlArrays.on(ps).bind("uuid", tenants).bind("text", ids), STORED_ROW).stream()
                .collect(Collectors.toMap(StoredDocument::key, Function.identity()));
    }

    /** Upserts and tombstones in one statement; call inside the batch's transaction. */
    public int write(List<Change> changes) {
        return rows.write(changes);
    }

    /** Marks unchanged documents as seen and undoes sweep tombstones of unchanged content, in one statement. */
    public int seen(List<Seen> seen) {
        if (seen.isEmpty()) {
            return 0;
        }
        var sorted = seen.stream()
                .sorted(Comparator.comparing(Seen::tenantId).thenComparing(Seen::externalId)).toList();
        return jdbc.update(SEEN, ps -> SqlArrays.on(ps)
                .bind("uuid", sorted.stream().map(Seen::tenantId).toArray(UUID[]::new))
                .bind("text", sorted.stream().map(Seen::externalId).toArray(String[]::new))
                .bind("int8", sorted.stream().map(Seen::version).toArray(Long[]::new))
                .bind("uuid", sorted.stream().map(Seen::syncId).toArray(UUID[]::new)));
    }
}
