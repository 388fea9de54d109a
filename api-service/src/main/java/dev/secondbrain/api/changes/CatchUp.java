package dev.secondbrain.api.changes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream resumed from behind the hub reads what lies between its Last-Event-ID and the hub's position with a
 * consumer of its own, once, then closes it and follows the hub like every other stream: only such a stream reads
 * old changes, never all of them.
 */
final class CatchUp implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<Integer, Long> until;
    private final String topic;

    /** Reads {@code [from, until)} of each partition where from is below until (a partition missing from from: 0). */
    CatchUp(Consumers consumers, String topic, Map<Integer, Long> from, Map<Integer, Long> until) {
        this.topic = topic;
        this.until = new TreeMap<>();
        until.forEach((p, end) -> {
            if (from.getOrDefault(p, 0L) < end) {
                this.until.put(p, end);
            }
        });
        this.consumer = consumers.open();
        var partitions = this.until.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p.partition(), 0L)));
    }

    static boolean needed(Map<Integer, Long> from, Map<Integer, Long> until) {
        return until.entrySet().stream().anyMatch(e -> from.getOrDefault(e.getKey(), 0L) < e.getValue());
    }

    boolean done() {
        return until.isEmpty();
    }

    /** The next records below the hub's position (every tenant's: the stream filters). */
    List<ConsumerRecord<String, byte[]>> poll(Duration timeout) {
        var records = new ArrayList<ConsumerRecord<String, byte[]>>();
        for (var record : consumer.poll(timeout)) {
            var end = until.get(record.partition());
            if (end != null && record.offset() < end) {
                records.add(record);
            }
        }
        for (var partition : List.copyOf(until.keySet())) {
            var tp = new TopicPartition(topic, partition);
            if (consumer.position(tp) >= until.get(partition)) {
                until.remove(partition);
                consumer.pause(List.of(tp));
            }
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
