package dev.secondbrain.bench;

import dev.secondbrain.api.bulk.BulkStatements;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Bulk operations and statistics side by side, on a local socket and through the delaying proxy. Each bulk
 * operation is the API's one statement ({@link BulkStatements}, the very text BulkOperations runs; the audit entry of
 * a delete is left out on both sides) against the legacy loop of a SELECT and an UPDATE per id, each id committed. Every timed run,
 * warm-up included, works on ids nobody touched before, so both sides change every row they are given: a run
 * that changes fewer rows than it was given stops the bench.
 */
final class BulkAndStats {

    private static final String GENERATE = """
            insert into documents (tenant_id, external_id, source, version, title, content, content_hash,
                                   category, classification_status)
            select ?, 'bulk-' || lpad(i::text, 8, '0'), 'bench', 1, 'Bulk ' || i,
                   (array['meeting budget project', 'family holiday garden', 'invoice release deadline'])[1 + i % 3]
                       || ' ' || md5(i::text), sha256(i::text::bytea), 'work', 'classified'
            from generate_series(1, ?) i""";
    private static final String COUNTERS = "select dimension, value, n from document_counts where tenant_id = ?::uuid";
    /** Timed runs per figure (their median is reported), after one warm-up run. */
    static final int RUNS = 15;

    private final Network network;
    private final int bulkIds;
    private final UUID tenant = UUID.randomUUID();
    private final List<String> fresh = new ArrayList<>();

    BulkAndStats(Network network, int bulkIds) {
        this.network = network;
        this.bulkIds = bulkIds;
    }

    /** Enough fresh documents in a tenant of their own for every run of every operation, both sides, both networks. */
    void measure(Results results, String database, String statsTenant) throws Exception {
        int needed = LegacyPattern.Bulk.values().length * (RUNS + 1) * 2 * 2 * bulkIds;
        try (var direct = network.direct(database); var delayed = network.delayed(database)) {
            JdbcClient.create(direct).sql(GENERATE).params(tenant, needed).update();
            JdbcClient.create(direct).sql("analyze documents").update();
            for (int i = 1; i <= needed; i++) {
                fresh.add("bulk-%08d".formatted(i));
            }
            for (var operation : LegacyPattern.Bulk.values()) {
                var ours = new Results.Both(set(direct, operation), set(delayed, operation));
                var loop = new Results.Both(loop(direct, operation), loop(delayed, operation));
                results.lower("bulk " + operation.name().toLowerCase() + " of " + bulkIds
                        + " fresh ids: one set-based statement", "ms", ours, "per-id SELECT + UPDATE + commit", loop, null);
            }
            var counters = new Results.Both(counters(direct, statsTenant), counters(delayed, statsTenant));
            var counts = new Results.Both(counts(direct, statsTenant), counts(delayed, statsTenant));
            results.lower("stats: one read of the counters (small tenant)", "ms", counters, "8 COUNT queries", counts, null);
        }
    }

    private double set(DataSource database, LegacyPattern.Bulk operation) throws Exception {
        var jdbc = JdbcClient.create(database);
        var sql = switch (operation) {
            case CONFIRM -> BulkStatements.CONFIRM;
            case CLASSIFY -> BulkStatements.CLASSIFY;
            case DELETE -> BulkStatements.DELETE;
        };
        return Bench.median(RUNS, () -> {
            var ids = take();
            long start = System.nanoTime();
            int changed = jdbc.sql(sql).param("tenant", tenant).param("ids", ids.toArray(String[]::new))
                    .param("category", "personal").param("key", UUID.fromString(LegacyPattern.DELETING_KEY))
                    .query((rs, n) -> rs.getInt("changed")).single();
            long nanos = System.nanoTime() - start;
            return changedAll(operation + " set-based", changed, ids, nanos);
        });
    }

    private double loop(DataSource database, LegacyPattern.Bulk operation) throws Exception {
        return Bench.median(RUNS, () -> {
            var ids = take();
            var run = LegacyPattern.loop(operation, database, tenant.toString(), ids);
            return changedAll(operation + " per-id loop", run.changed(), ids, run.nanos());
        });
    }

    private static long changedAll(String what, int changed, List<String> ids, long nanos) {
        if (changed != ids.size()) {
            throw new IllegalStateException(what + " changed " + changed + " of " + ids.size() + " fresh ids");
        }
        return nanos;
    }

    private List<String> take() {
        var ids = List.copyOf(fresh.subList(0, bulkIds));
        fresh.subList(0, bulkIds).clear();
        return ids;
    }

    private static double counters(DataSource database, String tenant) throws Exception {
        var jdbc = JdbcClient.create(database);
        return Bench.median(RUNS, () -> Bench.time(() -> jdbc.sql(COUNTERS).param(tenant).query().listOfRows()));
    }

    private static double counts(DataSource database, String tenant) throws Exception {
        return Bench.median(RUNS, () -> LegacyPattern.statistics(database, tenant));
    }
}
