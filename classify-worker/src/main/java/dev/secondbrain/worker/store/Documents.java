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
 * at a newer version or by a sync.
 */
@Component
public class Documents {

    private static final String STORED = """
            select d.tenant_id, d.external_id, d.version, d.content_hash, d.deleted_by, d.last_sync_id
            from unnest(?::uuid[], ?::text[]) as k(tenant_id, external_id)
            join documents d on d.tenant_id = k.tenant_id and d.external_id = k.external_id
            """;

    // Rows are locked in the order of the arrays (already sorted), so two writers cannot wait on each other.
    private static final String SEEN = """
            with locked as (
                select d.tenant_id, d.external_id, k.version, k.sync_id
                from unnest(?::uuid[], ?::text[], ?::bigint[], ?::uuid[]) as k(tenant_id, external_id, version, sync_id)
                join documents d on d.tenant_id = k.tenant_id and d.external_id = k.external_id
                where d.deleted_at is null
                  and (d.version < k.version or d.last_sync_id is distinct from coalesce(k.sync_id, d.last_sync_id))
                order by d.tenant_id, d.external_id
                for update of d)
            update documents d set version = greatest(d.version, l.version),
                last_sync_id = coalesce(l.sync_id, d.last_sync_id)
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

    /** Marks unchanged documents as seen by their sync, in one statement. */
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
