package dev.secondbrain.worker.consume;

import dev.secondbrain.worker.store.ConsumerOffsets;
import dev.secondbrain.worker.store.OffsetsTaken;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * One consumer thread: poll, process the batch synchronously (so a rebalance never catches a batch half
 * done), repeat. After the database commit the offsets are also committed to Kafka, asynchronously and
 * only for lag tooling: positions always come from PostgreSQL.
 */
final class ConsumerLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Batches batches;
    private final ConsumerOffsets offsets;
    private final WorkerSettings settings;
    private final String topic;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile boolean finished;

    ConsumerLoop(Consumer<byte[], byte[]> consumer, Batches batches, ConsumerOffsets offsets,
                 WorkerSettings settings, String topic) {
        this.consumer = consumer;
        this.batches = batches;
        this.offsets = offsets;
        this.settings = settings;
        this.topic = topic;
    }

    @Override
    public void run() {
        try {
            var seekToStored = new SeekToStored(consumer, offsets, () -> running, settings.retryBackoff(),
                    () -> batches.retried());
            consumer.subscribe(List.of(topic), seekToStored);
            while (running) {
                try {
                    pollOnce();
                } catch (OffsetsTaken e) {
                    // this member stalled and lost its partitions (the next poll rejoins the group), or a commit
                    // reported as failed did happen: read on from what is stored, never from the stale position
                    log.warn("batch dropped: {}", e.getMessage());
                    seekToStored.onPartitionsAssigned(consumer.assignment());
                }
            }
        } catch (WakeupException | Batches.Stopped e) {
            if (running) {
                failed(e);
            }
        } catch (Throwable e) {
            failed(e);
        } finally {
            finished = true;
            consumer.close();
        }
    }

    private void pollOnce() {
        var polled = consumer.poll(settings.pollTimeout());
        if (polled.isEmpty()) {
            return;
        }
        var records = new ArrayList<ConsumerRecord<byte[], byte[]>>(polled.count());
        polled.forEach(records::add);
        var next = batches.process(records, () -> running);
        var commit = new HashMap<org.apache.kafka.common.TopicPartition, OffsetAndMetadata>();
        next.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitAsync(commit, (committed, e) -> {
            if (e != null) {
                log.debug("offsets for lag tooling not committed to Kafka: {}", e.toString());
            }
        });
    }

    private void failed(Throwable e) {
        failure = e;
        log.error("consumer thread stopped by a failure", e);
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    Throwable failure() {
        return failure;
    }

    boolean finished() {
        return finished;
    }
}
