package dev.secondbrain.worker.store;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Records, in the batch transaction that applies a partition's events, that the partition passed a checkpoint's
 * marker; a checkpoint whose every partition passed becomes applied (visible to its connector) in the same
 * statement. Runs only for batches that carry markers.
 */
public final class Checkpoints {

    /** Partition {@code partition} passed checkpoint {@code checkpointId}'s marker. */
    public record Passed(UUID tenantId, UUID checkpointId, int partition) {
    }

    /*
     * One statement: lock the pending checkpoints the markers name, in key order (workers passing the same
     * checkpoints on other partitions wait in the same order: no deadlock); record each partition's pass once
     * (a marker seen again adds nothing); add the new passes to the row's count, read under the row lock, so two
     * workers' passes both count; the pass that completes the count applies the checkpoint. A marker naming no
     * pending checkpoint of its tenant, or a partition beyond the checkpoint's, is ignored.
     */
    private static final String PASS = """
            with marked as (
                select * from unnest(?::uuid[], ?::uuid[], ?::int[]) as m(tenant_id, checkpoint_id, kafka_partition)),
            locked as (
                select k.tenant_id, k.checkpoint_id, k.partitions from checkpoints k
                where (k.tenant_id, k.checkpoint_id) in (select tenant_id, checkpoint_id from marked)
                  and k.applied_at is null
                order by k.tenant_id, k.checkpoint_id
                for update of k),
            passed as (
                insert into checkpoint_passes (tenant_id, checkpoint_id, kafka_partition)
                select m.tenant_id, m.checkpoint_id, m.kafka_partition
                from marked m join locked l on l.tenant_id = m.tenant_id and l.checkpoint_id = m.checkpoint_id
                where m.kafka_partition < l.partitions
                order by 1, 2, 3
                on conflict do nothing
                returning tenant_id, checkpoint_id)
            update checkpoints k set passed = k.passed + p.n,
                   applied_at = case when k.passed + p.n >= k.partitions then now() end
            from (select tenant_id, checkpoint_id, count(*) as n from passed group by 1, 2) p
            where k.tenant_id = p.tenant_id and k.checkpoint_id = p.checkpoint_id
            """;

    private final JdbcTemplate jdbc;

    public Checkpoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void passed(List<Passed> markers) {
        if (markers.isEmpty()) {
            return;
        }
        var sorted = markers.stream().sorted(Comparator.comparing(Passed::tenantId)
                .thenComparing(Passed::checkpointId).thenComparingInt(Passed::partition)).distinct().toList();
        jdbc.update(PASS, statement -> SqlArrays.on(statement)
                .bind("uuid", sorted.stream().map(Passed::tenantId).toArray(UUID[]::new))
                .bind("uuid", sorted.stream().map(Passed::checkpointId).toArray(UUID[]::new))
                .bind("int4", sorted.stream().map(Passed::partition).toArray(Integer[]::new)));
    }
}
