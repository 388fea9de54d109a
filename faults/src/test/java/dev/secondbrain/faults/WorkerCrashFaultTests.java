package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Outcome;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.worker.consume.FaultPoints.Point;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker dies (an Error at a fault point ends its consumer thread, nothing of the batch is cleaned up) in
 * classification, in the batch's transaction just before its commit, and after the commit but before the
 * Kafka copy of the offsets; a fresh worker takes over and the oracle finds nothing lost or doubled.
 */
class WorkerCrashFaultTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(value = Point.class, names = {"CLASSIFYING", "COMMITTING", "COMMITTED"})
    void aCrashedWorkersBatchIsAppliedOnceByTheWorkerThatTakesOver(Point point) {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            var tenants = stack.tenants(20);
            var faults = new Faults().crashAt(point, 3);
            var crashed = stack.worker(faults);
            new Load(stack, oracle, tenants, 50, PATIENCE).run(1, 40, 50);
            await().atMost(Duration.ofSeconds(60)).until(() -> faults.fired(point));
            await().atMost(Duration.ofSeconds(10)).until(() -> crashed.consumers() == Status.DOWN);
            assertThat(oracle.count(Outcome.INDETERMINATE) + oracle.count(Outcome.REJECTED)).isZero();

            // control: with the worker dead the same check reports acknowledged events missing
            assertThat(stack.check(oracle)).isNotEmpty();
            if (point == Point.COMMITTED) {
                // control: the crash hit the window: the batch is committed in PostgreSQL, Kafka never heard of it
                assertThat(kafkaCommitted(stack)).isNotEqualTo(stack.storedOffsets());
            }

            stack.worker();
            stack.awaitDrained(Duration.ofMinutes(2));
            assertThat(stack.check(oracle)).isEmpty();
        }
    }

    /** The Kafka copy of the group's offsets (lag tooling only), per partition. */
    static Map<Integer, Long> kafkaCommitted(Stack stack) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafka().bootstrapServers()))) {
            var committed = new HashMap<Integer, Long>();
            admin.listConsumerGroupOffsets(Stack.GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((partition, offset) -> {
                        if (partition.topic().equals(stack.topics().events()) && offset != null) {
                            committed.put(partition.partition(), offset.offset());
                        }
                    });
            return committed;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
