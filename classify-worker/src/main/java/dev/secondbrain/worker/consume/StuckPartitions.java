package dev.secondbrain.worker.consume;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Partitions that stopped because their batch keeps failing. A failing batch is retried until it commits, never
 * skipped, so a cause that does not go away (an outage, dead letters the broker does not take, a programming error)
 * stops its partitions. Once a batch has failed for longer than {@code pipeline.worker.stuck-after}, its partitions
 * are stuck: the gauge {@code pipeline.worker.stuck{topic,partition}} says for how long (seconds, 0 when not),
 * {@code pipeline.worker.stuck.partitions} how many, and the health component {@code partitions} (in readiness) is
 * DOWN with each one's last error. It clears when the batch commits or leaves this worker.
 */
final class StuckPartitions implements HealthIndicator {

    private static final int MAX_ERROR_CHARS = 500;

    /** One batch as it is tried: when it first failed, and its last error. */
    final class Failing {

        private final Collection<TopicPartition> partitions;
        private volatile long firstFailureNanos;
        private volatile Instant firstFailure;
        private volatile String error;

        private Failing(Collection<TopicPartition> partitions) {
            this.partitions = partitions;
        }

        /** An attempt of the batch failed (it will be tried again). */
        void failed(RuntimeException e) {
            if (firstFailure == null) {
                firstFailureNanos = System.nanoTime();
                firstFailure = Instant.now();
            }
            var text = e.toString();
            error = text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
            partitions.forEach(partition -> {
                measure(partition);
                failing.put(partition, this);
            });
        }

        /** The batch committed, or this worker no longer tries it (taken over, stopping). */
        void done() {
            if (firstFailure != null) {
                partitions.forEach(partition -> failing.remove(partition, this));
            }
        }

        private Duration failingFor() {
            return Duration.ofNanos(System.nanoTime() - firstFailureNanos);
        }

        private boolean stuck() {
            return failingFor().compareTo(stuckAfter) > 0;
        }
    }

    private final Duration stuckAfter;
    private final MeterRegistry registry;
    private final Map<TopicPartition, Failing> failing = new ConcurrentHashMap<>();
    private final Set<TopicPartition> measured = ConcurrentHashMap.newKeySet();

    StuckPartitions(Duration stuckAfter, MeterRegistry registry) {
        this.stuckAfter = stuckAfter;
        this.registry = registry;
        Gauge.builder("pipeline.worker.stuck.partitions", this, s -> s.stuck().size())
                .description("partitions whose batch has failed for longer than pipeline.worker.stuck-after")
                .register(registry);
    }

    /** A batch of these partitions is about to be tried. */
    Failing batch(Collection<TopicPartition> partitions) {
        return new Failing(List.copyOf(partitions));
    }

    /** Partitions are few and fixed (the topic's), so a gauge per partition keeps the labels bounded. */
    private void measure(TopicPartition partition) {
        if (measured.add(partition)) {
            Gauge.builder("pipeline.worker.stuck", this, s -> s.stuckSeconds(partition)).baseUnit("seconds")
                    .tags("topic", partition.topic(), "partition", String.valueOf(partition.partition()))
                    .description("how long the partition's batch has been failing, once past stuck-after; 0 otherwise")
                    .register(registry);
        }
    }

    private double stuckSeconds(TopicPartition partition) {
        var batch = failing.get(partition);
        return batch != null && batch.stuck() ? batch.failingFor().toMillis() / 1000.0 : 0;
    }

    private List<Map.Entry<TopicPartition, Failing>> stuck() {
        return failing.entrySet().stream().filter(e -> e.getValue().stuck())
                .sorted(Comparator.comparing(e -> e.getKey().toString())).toList();
    }

    @Override
    public Health health() {
        var stuck = stuck();
        if (stuck.isEmpty()) {
            return Health.up().build();
        }
        var details = stuck.stream().map(e -> Map.of(
                "partition", e.getKey().toString(),
                "failingSince", e.getValue().firstFailure.toString(),
                "error", e.getValue().error)).toList();
        return Health.down().withDetail("stuck", details).build();
    }
}
