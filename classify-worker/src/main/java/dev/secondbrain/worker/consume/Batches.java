package dev.secondbrain.worker.consume;

import java.time.Instant;

import dev.secondbrain.worker.classify.Classifier;
import dev.secondbrain.worker.dedup.LatestPerKey;
import dev.secondbrain.worker.deadletter.DeadLetters;
import dev.secondbrain.worker.consume.FaultPoints.Point;
import dev.secondbrain.worker.store.ConsumerOffsets.Span;
import dev.secondbrain.worker.store.Documents;
import dev.secondbrain.worker.store.OffsetsTaken;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One micro-batch from poll to commit: parse and validate, dead-letter the bad records, collapse to the
 * newest event per key, plan against the store, classify, write with the offsets. Anything that fails
 * transiently (database or broker away, classifier down) retries the whole batch with capped, doubling
 * backoff and is never dead-lettered; the batch's offsets do not move until it commits.
 */
public class Batches {

    private static final Logger log = LoggerFactory.getLogger(Batches.class);

    private final Documents documents;
    private final Classifier classifier;
    private final BatchWriter writer;
    private final DeadLetters deadLetters;
    private final WorkerSettings settings;
    private final WorkerMetrics metrics;
    private final FaultPoints faults;
    private final StuckPartitions stuck;

    Batches(Documents documents, Classifier classifier, BatchWriter writer, DeadLetters deadLetters,
            WorkerSettings settings, WorkerMetrics metrics, FaultPoints faults, StuckPartitions stuck) {
        this.documents = documents;
        this.stuck = stuck;
        this.faults = faults;
        this.classifier = faults == FaultPoints.NONE ? classifier : changed -> {
            faults.reached(Point.CLASSIFYING);
            return classifier.classify(changed);
        };
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * Applies the records and commits their offsets; returns the next offset per partition. Throws
     * {@link OffsetsTaken}, with nothing of the batch committed, when another consumer took the partitions.
     */
    public Map<TopicPartition, Long> process(List<ConsumerRecord<byte[], byte[]>> records, BooleanSupplier running) {
        var spans = spans(records);
        var failing = stuck.batch(spans.keySet());
        try {
            return apply(records, spans, running, failing);
        } finally {
            failing.done();
        }
    }

    private Map<TopicPartition, Long> apply(List<ConsumerRecord<byte[], byte[]>> records, Map<TopicPartition, Span> spans,
                                            BooleanSupplier running, StuckPartitions.Failing failing) {
        long started = System.nanoTime();
        var parsed = Parsed.of(records);
        retrying(running, failing, () -> { deadLetters.send(parsed.invalid()); return null; });
        var latest = LatestPerKey.of(parsed.valid());
        var result = retrying(running, failing, () -> {
            var plan = BatchPlan.of(latest, documents, classifier);
            return new Outcome(plan, writer.write(plan, parsed.markers(), spans));
        });
        faults.reached(Point.COMMITTED);
        metrics.batch(records.size(), System.nanoTime() - started);
        metrics.freshness(result.plan().changes(), Instant.now());
        // superseded events collapsed away in the batch count as stale; "written" is what the guarded SQL changed
        metrics.outcomes(result.written().rows(), result.plan().unchanged(), result.plan().stale()
                        + parsed.valid().size() - latest.size(),
                parsed.invalid().size() + result.written().deadLettered());
        var nextOffsets = new HashMap<TopicPartition, Long>();
        spans.forEach((partition, span) -> nextOffsets.put(partition, span.next()));
        return nextOffsets;
    }

    private record Outcome(BatchPlan plan, BatchWriter.Written written) {
    }

    /**
     * The one retry policy of a batch: any failure but a takeover is retried with doubling backoff up to
     * {@code retry-backoff-max}, for as long as the worker runs; past {@code stuck-after} the batch's partitions
     * show as stuck (see {@link StuckPartitions}).
     */
    private <T> T retrying(BooleanSupplier running, StuckPartitions.Failing failing, Supplier<T> attempt) {
        var pause = settings.retryBackoff();
        while (true) {
            try {
                return attempt.get();
            } catch (OffsetsTaken e) {
                metrics.takenOver();
                throw e;
            } catch (RuntimeException e) {
                if (!running.getAsBoolean()) {
                    throw new Stopped(e);
                }
                metrics.retried();
                failing.failed(e);
                log.warn("batch failed, retrying in {}: {}", pause, e.toString());
                sleep(pause, running);
                pause = min(pause.multipliedBy(2), settings.retryBackoffMax());
            }
        }
    }

    /** Counts a transient failure outside a batch (e.g. reading offsets at assignment) as a retry. */
    void retried() {
        metrics.retried();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Backoff between attempts; wakes early when the worker stops. */
    private static void sleep(Duration pause, BooleanSupplier running) {
        long until = System.nanoTime() + pause.toNanos();
        while (running.getAsBoolean() && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(50_000_000L, until - System.nanoTime()));
        }
    }

    private static Map<TopicPartition, Span> spans(List<ConsumerRecord<byte[], byte[]>> records) {
        var spans = new HashMap<TopicPartition, Span>();
        for (var record : records) {
            spans.merge(new TopicPartition(record.topic(), record.partition()),
                    new Span(record.offset(), record.offset() + 1),
                    (a, b) -> new Span(Math.min(a.first(), b.first()), Math.max(a.next(), b.next())));
        }
        return spans;
    }

    /** The worker stopped while a batch was failing; nothing of it committed beyond what is idempotent. */
    static final class Stopped extends RuntimeException {
        Stopped(Throwable cause) {
            super("worker stopped during retries", cause);
        }
    }
}
