package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.worker.store.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Batch size and latency, and documents by outcome (a fixed set of tag values: bounded cardinality). */
final class WorkerMetrics {

    private final DistributionSummary batchSize;
    private final Timer batchLatency;
    private final Counter written;
    private final Counter unchanged;
    private final Counter stale;
    private final Counter deadLettered;
    private final Counter retries;
    private final Counter takenOver;
    private final Timer freshness;

    WorkerMetrics(MeterRegistry registry) {
        batchSize = DistributionSummary.builder("pipeline.worker.batch.size").baseUnit("records")
                .description("records per polled micro-batch").register(registry);
        batchLatency = Timer.builder("pipeline.worker.batch.latency")
                .description("poll-to-commit time of a micro-batch, retries included").register(registry);
        written = outcome(registry, "written");
        unchanged = outcome(registry, "unchanged");
        stale = outcome(registry, "stale");
        deadLettered = outcome(registry, "dead_lettered");
        retries = Counter.builder("pipeline.worker.batch.retries")
                .description("batch attempts that failed transiently and were retried").register(registry);
        takenOver = Counter.builder("pipeline.worker.batch.taken_over")
                .description("batches dropped because another consumer committed their records first (rebalance)")
                .register(registry);
        freshness = Timer.builder("pipeline.worker.freshness")
                .description("source update (sourceUpdatedAt) to committed in the store, per written document")
                .publishPercentileHistogram().register(registry);
    }

    /** Records, for each written document that says when its source changed it, how long that took to land. */
    void freshness(List<Change> written, Instant committed) {
        for (var change : written) {
            if (change.received().event() instanceof DocumentUpserted upsert && upsert.sourceUpdatedAt() != null) {
                var age = Duration.between(upsert.sourceUpdatedAt(), committed);
                if (!age.isNegative()) {
                    freshness.record(age);
                }
            }
        }
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("pipeline.worker.documents").tag("outcome", outcome)
                .description("documents by what the worker did with them").register(registry);
    }

    void batch(int records, long nanos) {
        batchSize.record(records);
        batchLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void outcomes(int writtenRows, int unchangedDocs, int staleDocs, int deadLetteredDocs) {
        written.increment(writtenRows);
        unchanged.increment(unchangedDocs);
        stale.increment(staleDocs);
        deadLettered.increment(deadLetteredDocs);
    }

    void retried() {
        retries.increment();
    }

    void takenOver() {
        takenOver.increment();
    }
}
