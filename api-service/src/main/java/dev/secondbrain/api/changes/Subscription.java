package dev.secondbrain.api.changes;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One stream's share of the hub: the tenant's changes the hub fans out from {@code next} on, queued for the stream's
 * thread. A change below {@code next} of its partition (the hub read it again after a failure) is not queued twice.
 * A stream that falls {@value #CAPACITY} changes behind is overrun and ends; its client resumes with Last-Event-ID.
 */
final class Subscription {

    static final int CAPACITY = 10_000;

    private final UUID tenant;
    private final Map<Integer, Long> next;
    /** Where the hub stood when the stream subscribed: what lies before it, the stream reads itself. */
    private final Map<Integer, Long> hubPosition;
    private final BlockingQueue<ConsumerRecord<String, byte[]>> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final ChangeHub hub;
    private volatile boolean overrun;

    Subscription(UUID tenant, Map<Integer, Long> next, Map<Integer, Long> hubPosition, ChangeHub hub) {
        this.tenant = tenant;
        this.next = new TreeMap<>(next);
        this.hubPosition = hubPosition;
        this.hub = hub;
    }

    UUID tenant() {
        return tenant;
    }

    Map<Integer, Long> hubPosition() {
        return hubPosition;
    }

    boolean overrun() {
        return overrun;
    }

    /** Called by the hub's thread only. */
    void offer(ConsumerRecord<String, byte[]> record) {
        if (record.offset() < next.getOrDefault(record.partition(), 0L)) {
            return;
        }
        next.put(record.partition(), record.offset() + 1);
        if (!queue.offer(record)) {
            overrun = true;
        }
    }

    /** The changes queued within {@code timeout} (at least one, unless none came). */
    List<ConsumerRecord<String, byte[]>> poll(java.time.Duration timeout) throws InterruptedException {
        var first = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        var records = new ArrayList<ConsumerRecord<String, byte[]>>();
        if (first != null) {
            records.add(first);
            queue.drainTo(records, 499);
        }
        return records;
    }

    void close() {
        hub.unsubscribe(this);
    }
}
