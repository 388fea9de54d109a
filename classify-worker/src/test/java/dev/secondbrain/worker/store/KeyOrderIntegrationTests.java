package dev.secondbrain.worker.store;

import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.testkit.FreshDatabase;
import dev.secondbrain.worker.classify.Classification;
import dev.secondbrain.worker.dedup.Received;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two writers given the same keys in opposite orders, at the same moment. With keys sorted by the store they
 * queue behind each other; the control run with sorting switched off shows the same load does deadlock.
 */
class KeyOrderIntegrationTests {

    private static final int KEYS = 2000;
    private static final int ROUNDS = 6;
    private static JdbcTemplate jdbc;
    private static final UUID TENANT = UUID.randomUUID();

    @BeforeAll
    static void database() {
        var database = FreshDatabase.create();
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(database.dataSource());
    }

    @Test
    void writersWithOppositeKeyOrdersDoNotDeadlockWhenKeysAreSorted() throws Exception {
        var deadlocks = race(new Documents(jdbc, true), 0);
        assertThat(deadlocks).isZero();
        assertThat(jdbc.queryForObject("select min(version) from documents where tenant_id = ? and external_id like 'sorted-%'",
                Long.class, TENANT)).isEqualTo(ROUNDS * 2L);
    }

    @Test
    void controlWritersWithOppositeKeyOrdersDeadlockWhenSortingIsDisabled() throws Exception {
        var deadlocks = race(new Documents(jdbc, false), 1);
        assertThat(deadlocks).isPositive();
    }

    /** Rounds of two concurrent writes of all keys, ascending against descending; returns the deadlocks seen. */
    private int race(Documents documents, int stopAfter) throws Exception {
        var prefix = stopAfter == 0 ? "sorted-" : "unsorted-";
        int deadlocks = 0;
        long version = 0;
        for (int round = 0; round < ROUNDS && (stopAfter == 0 || deadlocks < stopAfter); round++) {
            var ascending = changes(prefix, ++version, false);
            var descending = changes(prefix, ++version, true);
            var barrier = new CyclicBarrier(2);
            var a = CompletableFuture.supplyAsync(() -> write(documents, barrier, ascending));
            var b = CompletableFuture.supplyAsync(() -> write(documents, barrier, descending));
            deadlocks += a.get().map(DeadlockOrNot::of).orElse(0) + b.get().map(DeadlockOrNot::of).orElse(0);
        }
        return deadlocks;
    }

    private static Optional<DataAccessException> write(Documents documents, CyclicBarrier barrier, List<Change> changes) {
        try {
            barrier.await();
            documents.write(changes);
            return Optional.empty();
        } catch (DataAccessException e) {
            return Optional.of(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class DeadlockOrNot {
        static int of(DataAccessException e) {
            var sql = e.getMostSpecificCause() instanceof java.sql.SQLException s ? s.getSQLState() : null;
            if (!"40P01".equals(sql)) {
                throw e;
            }
            return 1;
        }
    }

    private static List<Change> changes(String prefix, long version, boolean descending) {
        var changes = new ArrayList<Change>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            int k = descending ? KEYS - 1 - i : i;
            var event = new DocumentUpserted(TENANT, prefix + String.format("%05d", k), "notes", version, "t",
                    "content " + version, null, null, null, Instant.EPOCH, null, Map.of(), null);
            changes.add(new Change(new Received(event, null), ContentHash.of(event),
                    new Classification("other", 0.5, "needs_review")));
        }
        return changes;
    }
}
