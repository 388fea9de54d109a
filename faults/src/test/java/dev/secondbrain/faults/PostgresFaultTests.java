package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Outcome;
import dev.secondbrain.testkit.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL goes away while connectors send and the worker consumes: stopped for 20 s, and crashed
 * (immediate shutdown, recovery from the WAL at restart). The intake keeps acknowledging (Kafka has the
 * events, keys are cached); the worker retries its batch and applies everything once the store is back,
 * dead-lettering nothing.
 */
class PostgresFaultTests {

    @Test
    void postgresStoppedForTwentySecondsDelaysTheStoreAndLosesNothing() throws InterruptedException {
        outage(() -> Infrastructure.postgres().stop(), Duration.ofSeconds(20));
    }

    @Test
    void postgresCrashingDuringConsumptionLosesNothingCommittedOrAcknowledged() throws InterruptedException {
        outage(() -> Infrastructure.postgres().crash(), Duration.ofSeconds(3));
    }

    private static void outage(Runnable down, Duration length) throws InterruptedException {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            var worker = stack.worker();
            var load = new Load(stack, oracle, stack.tenants(20), 50, Duration.ofSeconds(90)).start(2, 80, 50);
            await().atMost(Duration.ofSeconds(60)).until(() -> oracle.count(Outcome.ACKNOWLEDGED) > 500);
            var retries = worker.bean(MeterRegistry.class).get("pipeline.worker.batch.retries").counter();
            double retriesBefore = retries.count();

            long acknowledgedBefore = oracle.count(Outcome.ACKNOWLEDGED);
            down.run();
            try {
                // the outage lasts its length whatever happens meanwhile: that length is the scenario
                Thread.sleep(length);
            } finally {
                Infrastructure.postgres().start();
            }
            // control: events were acknowledged while the store was down, and the worker's batches failed
            assertThat(oracle.count(Outcome.ACKNOWLEDGED)).isGreaterThan(acknowledgedBefore);
            assertThat(retries.count()).isGreaterThan(retriesBefore);

            load.join();
            stack.awaitDrained(Duration.ofMinutes(2));
            assertThat(stack.check(oracle)).isEmpty();
            assertThat(worker.consumers()).isEqualTo(Status.UP);
        }
    }
}
