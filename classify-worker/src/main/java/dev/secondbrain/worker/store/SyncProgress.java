package dev.secondbrain.worker.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Adds a batch's documents to the progress of the full syncs they belong to, in one statement, rows in
 * key order (workers applying batches of one sync take the sync's row lock in the same order). Runs only
 * for batches that carry sync events.
 */
public final class SyncProgress {

    /** Documents of one sync in one batch: written, and proved unchanged. */
    public record Tally(UUID tenantId, UUID syncId, long applied, long unchanged) {
    }

    private static final String ADD = """
            update sync_runs s set applied = s.applied + c.applied, unchanged = s.unchanged + c.unchanged
            from unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::bigint[]) as c(tenant_id, sync_id, applied, unchanged)
            where s.tenant_id = c.tenant_id and s.sync_id = c.sync_id
            """;

    private final JdbcTemplate jdbc;

    public SyncProgress(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(List<Tally> tallies) {
        if (tallies.isEmpty()) {
            return;
        }
        var sorted = tallies.stream()
                .sorted(Comparator.comparing(Tally::tenantId).thenComparing(Tally::syncId)).toList();
        jdbc.update(ADD, statement -> SqlArrays.on(statement)
                .bind("uuid", sorted.stream().map(Tally::tenantId).toArray(UUID[]::new))
                .bind("uuid", sorted.stream().map(Tally::syncId).toArray(UUID[]::new))
                .bind("int8", sorted.stream().map(Tally::applied).toArray(Long[]::new))
                .bind("int8", sorted.stream().map(Tally::unchanged).toArray(Long[]::new)));
    }
}
