package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Outcome;
import dev.secondbrain.worker.consume.FaultPoints.Point;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures inside one batch of a running worker: the offsets write fails once, the worker is shut down while
 * a batch is in flight, and a worker stalls past max.poll.interval.ms so its partitions move to another
 * worker before it comes back with its old batch.
 */
class BatchFaultTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aFailedOffsetsWriteRollsTheBatchBackAndItsRetryAppliesItOnce() {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            var faults = new Faults().at(Point.SAVING_OFFSETS, 2, () -> {
                throw new TransientDataAccessResourceException("injected: the offsets write failed");
            });
            var worker = stack.worker(faults);
            new Load(stack, oracle, stack.tenants(10), 50, PATIENCE).run(1, 30, 50);
            stack.awaitDrained(Duration.ofMinutes(1));

            // control: the failure happened, inside a batch that then had to be retried
            assertThat(faults.fired(Point.SAVING_OFFSETS)).isTrue();
            assertThat(worker.bean(MeterRegistry.class).get("pipeline.worker.batch.retries").counter().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(stack.check(oracle)).isEmpty();
        }
    }

    @Test
    void aWorkerShutDownDuringABatchCommitsThatBatchAndTheNextWorkerGoesOnFromIt() throws Exception {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            var inBatch = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            var faults = new Faults().at(Point.CLASSIFYING, 2, () -> {
                inBatch.countDown();
                awaitQuietly(release);
            });
            var stopping = stack.worker(faults);
            new Load(stack, oracle, stack.tenants(10), 50, PATIENCE).run(1, 30, 50);
            assertThat(inBatch.await(60, TimeUnit.SECONDS)).isTrue();
            var storedBefore = stack.storedOffsets();

            var shutdown = CompletableFuture.runAsync(stopping::close);
            // control: the shutdown waits for the batch in flight instead of abandoning it
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !shutdown.isDone());
            release.countDown();
            shutdown.get(60, TimeUnit.SECONDS);
            assertThat(stack.storedOffsets()).as("the in-flight batch committed before the worker stopped")
                    .isNotEqualTo(storedBefore);
            // control: the rest is not in the store until a worker runs again
            assertThat(stack.check(oracle)).isNotEmpty();

            stack.worker();
            stack.awaitDrained(Duration.ofMinutes(1));
            assertThat(stack.check(oracle)).isEmpty();
            assertThat(oracle.count(Outcome.INDETERMINATE)).isZero();
        }
    }

    @Test
    void aWorkerThatStalledPastMaxPollIntervalCannotCommitTheBatchItsSuccessorAlreadyApplied() {
        try (var stack = Stack.start()) {
            var oracle = new Oracle();
            // the stalled worker's batch waits until the successor has taken over and committed everything
            var resume = new CountDownLatch(1);
            var stalls = new Faults().at(Point.CLASSIFYING, 2, () -> awaitQuietly(resume));
            var stalled = stack.worker(stalls, "pipeline.worker.max-poll-interval=4s");
            var successor = stack.worker("pipeline.worker.max-poll-interval=4s");
            new Load(stack, oracle, stack.tenants(10), 50, PATIENCE).run(1, 60, 50);
            await().atMost(Duration.ofSeconds(60)).until(() -> stalls.fired(Point.CLASSIFYING));
            // drains only once the group evicted the stalled member (4 s) and the successor took its partitions
            stack.awaitDrained(Duration.ofMinutes(1));
            resume.countDown();
            // the stalled batch comes back after its records were committed by the successor and is dropped
            var takenOver = stalled.bean(MeterRegistry.class).get("pipeline.worker.batch.taken_over").counter();
            await().atMost(Duration.ofSeconds(30)).until(() -> takenOver.count() >= 1);
            // and the stalled worker rejoins and goes on consuming
            new Load(stack, oracle, stack.tenants(2), 50, PATIENCE).run(1, 20, 50);
            stack.awaitDrained(Duration.ofMinutes(1));

            assertThat(successor.bean(MeterRegistry.class).get("pipeline.worker.batch.taken_over").counter().count())
                    .isZero();
            assertThat(stack.check(oracle)).isEmpty();
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
