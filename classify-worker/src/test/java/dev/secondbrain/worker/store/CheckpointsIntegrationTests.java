package dev.secondbrain.worker.store;

import dev.secondbrain.testkit.FreshDatabase;
import dev.secondbrain.worker.store.Checkpoints.Passed;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A checkpoint becomes applied once every partition passed its marker, counted once per partition, whichever worker
 * (transaction) passes which partition, and never for markers that name nothing pending of their tenant.
 */
class CheckpointsIntegrationTests {

    private static final UUID TENANT = UUID.randomUUID();
    private static JdbcTemplate jdbc;
    private static Checkpoints checkpoints;
    private static TransactionTemplate transaction;

    @BeforeAll
    static void database() {
        var dataSource = FreshDatabase.create().dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        checkpoints = new Checkpoints(jdbc);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Test
    void appliesACheckpointOnlyWhenEveryPartitionPassedItEachCountedOnce() {
        var id = pending(3);
        checkpoints.passed(List.of(new Passed(TENANT, id, 0), new Passed(TENANT, id, 1)));
        checkpoints.passed(List.of(new Passed(TENANT, id, 1)));
        assertThat(applied(id)).as("partition 2 has not passed it; partition 1 twice counts once").isFalse();

        checkpoints.passed(List.of(new Passed(TENANT, id, 2)));
        assertThat(applied(id)).isTrue();
        assertThat(jdbc.queryForObject("select passed from checkpoints where checkpoint_id = ?", Integer.class, id))
                .isEqualTo(3);
    }

    @Test
    void ignoresMarkersOfAnotherTenantUnknownCheckpointsAndPartitionsBeyondTheCheckpoints() {
        var id = pending(2);
        checkpoints.passed(List.of(new Passed(UUID.randomUUID(), id, 0), new Passed(UUID.randomUUID(), id, 1),
                new Passed(TENANT, UUID.randomUUID(), 0), new Passed(TENANT, id, 2), new Passed(TENANT, id, 7)));
        assertThat(applied(id)).isFalse();
        // control: the same checkpoint's own markers apply it
        checkpoints.passed(List.of(new Passed(TENANT, id, 0), new Passed(TENANT, id, 1)));
        assertThat(applied(id)).isTrue();
    }

    @Test
    void twoWorkersPassingTheLastPartitionsAtOnceBothCount() throws Exception {
        var id = pending(2);
        // threads of their own: the common pool may have a single thread on a small machine
        var threads = Executors.newVirtualThreadPerTaskExecutor();
        var firstPassed = new CountDownLatch(1);
        var commitFirst = new CountDownLatch(1);
        var first = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            checkpoints.passed(List.of(new Passed(TENANT, id, 0)));
            firstPassed.countDown();
            await().atMost(Duration.ofMinutes(1)).until(() -> commitFirst.getCount() == 0);
        }), threads);
        firstPassed.await();
        var second = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(
                status -> checkpoints.passed(List.of(new Passed(TENANT, id, 1)))), threads);
        // the second waits for the first's row lock: both are in flight at once
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
                Long.class) == 1);
        commitFirst.countDown();
        first.get();
        second.get();
        threads.close();

        assertThat(applied(id)).as("neither pass lost").isTrue();
    }

    private static UUID pending(int partitions) {
        var id = UUID.randomUUID();
        jdbc.update("insert into checkpoints (tenant_id, checkpoint_id, source, state, partitions) "
                + "values (?, ?, 'notes', '{\"next\": 1}', ?)", TENANT, id, partitions);
        return id;
    }

    private static boolean applied(UUID id) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select applied_at is not null from checkpoints where checkpoint_id = ?", Boolean.class, id));
    }
}
