package dev.secondbrain.worker.consume;

import dev.secondbrain.worker.store.ConsumerOffsets;
import dev.secondbrain.worker.store.OffsetsTaken;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;

/**
 * One consumer thread: poll, process the batch synchronously (so a rebalance never catches a batch half
 * done), repeat. After the database commit the offsets are also committed to Kafka, asynchronously and
 * only for lag tooling: positions always come from PostgreSQL.
 * <p>
 * A process killed without closing its consumers (kill -9) leaves their static members in the group until the
 * broker's session timeout: a consumer started again with the same instance id before that is refused with
 * UNRELEASED_INSTANCE_ID, which ends a Kafka consumer for good. The loop then closes it and joins again with a
 * new one every {@link #REJOIN_BACKOFF} until the broker has released the instance id (the worker is not ready
 * meanwhile). Refused for longer than {@link #REJOIN_FOR}, the id is held by a live process (two workers given
 * the same instance id): the loop ends with that failure.
 */
final class ConsumerLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
    static final Duration REJOIN_BACKOFF = Duration.ofSeconds(2);
    /** The longest session timeout a broker allows by default ({@code group.consumer.max.session.timeout.ms}). */
    static final Duration REJOIN_FOR = Duration.ofSeconds(60);

    private final Supplier<Consumer<byte[], byte[]>> clients;
    private volatile Consumer<byte[], byte[]> consumer;
    private final Batches batches;
    private final ConsumerOffsets offsets;
    private final WorkerSettings settings;
    private final String topic;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile boolean finished;
    private volatile UnreleasedInstanceIdException refused;
    private long refusedSince;
    private long refusedAt;

    /** {@code clients} makes this thread's Kafka consumer: once, and again after an UNRELEASED_INSTANCE_ID. */
    ConsumerLoop(Supplier<Consumer<byte[], byte[]>> clients, Batches batches, ConsumerOffsets offsets,
                 WorkerSettings settings, String topic) {
        this.clients = clients;
        this.consumer = clients.get();
        this.batches = batches;
        this.offsets = offsets;
        this.settings = settings;
        this.topic = topic;
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    consume();
                } catch (UnreleasedInstanceIdException e) {
                    if (refused == null) {
                        refusedSince = System.nanoTime();
                    } else if (System.nanoTime() - refusedSince > REJOIN_FOR.toNanos()) {
                        throw e;
                    }
                    refused = e;
                    refusedAt = System.nanoTime();
                    log.warn("{} (a process with this instance id was killed without leaving the group): joining "
                            + "again every {} until the broker's session timeout releases it", e.getMessage(),
                            REJOIN_BACKOFF);
                    consumer.close(Duration.ZERO);
                    pause(REJOIN_BACKOFF);
                    if (running) {
                        consumer = clients.get();
                    }
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

    private void consume() {
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
    }

    private void pause(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < until) {
            Thread.sleep(50); // waiting out REJOIN_BACKOFF, in steps so that stop() ends it at once
        }
    }

    private void pollOnce() {
        var polled = consumer.poll(settings.pollTimeout());
        // joined: a refusal arrives a few polls after the join was sent, so the first quiet poll does not say so
        if (refused != null
                && (!consumer.assignment().isEmpty() || System.nanoTime() - refusedAt > REJOIN_FOR.toNanos())) {
            refused = null;
        }
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

    /** Why this loop is joining again (a killed predecessor's instance id not released yet), or null. */
    UnreleasedInstanceIdException refused() {
        return refused;
    }

    Throwable failure() {
        return failure;
    }

    boolean finished() {
        return finished;
    }
}
