package dev.secondbrain.worker.store;

import dev.secondbrain.testkit.FreshDatabase;
import dev.secondbrain.worker.store.ConsumerOffsets.Span;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fence of a batch: its offsets are saved only when no other consumer committed any of its records, so a
 * consumer that lost its partitions while stalled cannot commit its old batch when it comes back.
 */
class ConsumerOffsetsIntegrationTests {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);
    private static ConsumerOffsets offsets;
    private static TransactionTemplate transaction;

    @BeforeAll
    static void database() {
        var dataSource = FreshDatabase.create().dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        offsets = new ConsumerOffsets(new JdbcTemplate(dataSource), "group");
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Test
    void consecutiveBatchesMoveTheOffsetsForwardAndAGapAfterTheStoredOffsetIsAllowed() {
        offsets.save(Map.of(P0, new Span(0, 100)));
        offsets.save(Map.of(P0, new Span(100, 200), P1, new Span(0, 5)));
        // records removed by retention or compaction leave a gap: the batch starts after the stored offset
        offsets.save(Map.of(P0, new Span(250, 300)));
        assertThat(offsets.read(List.of(P0, P1))).isEqualTo(Map.of(P0, 300L, P1, 5L));
    }

    @Test
    void aBatchWhoseRecordsAnotherConsumerCommittedIsRefusedAndMovesNothing() {
        var p2 = new TopicPartition("events", 2);
        var p3 = new TopicPartition("events", 3);
        offsets.save(Map.of(p2, new Span(0, 100), p3, new Span(0, 10)));
        // the new owner committed 100..150; the stalled consumer comes back with its batch 100..200
        offsets.save(Map.of(p2, new Span(100, 150)));
        // as in the worker, in the batch's transaction: the refusal rolls back the partitions that did move
        assertThatThrownBy(() -> transaction.executeWithoutResult(
                status -> offsets.save(Map.of(p2, new Span(100, 200), p3, new Span(10, 20)))))
                .isInstanceOf(OffsetsTaken.class);
        // control: the same statement without the conflict saves
        offsets.save(Map.of(p2, new Span(150, 200)));
        assertThat(offsets.read(List.of(p2, p3))).isEqualTo(Map.of(p2, 200L, p3, 10L));
    }
}
