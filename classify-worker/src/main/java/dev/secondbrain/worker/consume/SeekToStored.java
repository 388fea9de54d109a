package dev.secondbrain.worker.consume;

import dev.secondbrain.worker.store.ConsumerOffsets;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/**
 * On assignment, positions the consumer at the offsets stored with the data in PostgreSQL (the source of
 * truth), or at the beginning of a partition that has none. Nothing is needed on revocation: batches are
 * processed on the polling thread, so none is in flight while the consumer rebalances.
 */
final class SeekToStored implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(SeekToStored.class);

    private final Consumer<?, ?> consumer;
    private final ConsumerOffsets offsets;
    private final BooleanSupplier running;
    private final Duration backoff;
    private final Runnable onRetry;

    SeekToStored(Consumer<?, ?> consumer, ConsumerOffsets offsets, BooleanSupplier running, Duration backoff,
                 Runnable onRetry) {
        this.onRetry = onRetry;
        this.consumer = consumer;
        this.offsets = offsets;
        this.running = running;
        this.backoff = backoff;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        // The database may be down at assignment: wait for it rather than guess a position.
        while (running.getAsBoolean()) {
            try {
                var stored = offsets.read(partitions);
                for (var partition : partitions) {
                    var next = stored.get(partition);
                    if (next == null) {
                        consumer.seekToBeginning(java.util.List.of(partition));
                    } else {
                        consumer.seek(partition, next);
                    }
                }
                return;
            } catch (RuntimeException e) {
                onRetry.run();
                log.warn("could not read stored offsets, retrying in {}: {}", backoff, e.toString());
                java.util.concurrent.locks.LockSupport.parkNanos(backoff.toNanos());
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // nothing in flight: see the class comment
    }
}
