package dev.secondbrain.api.changes;

import dev.secondbrain.schemas.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One client's view of the changes topic: every partition assigned (no consumer group, nothing committed),
 * positioned where the client's last event left off or at the end, and filtered to the client's tenant by
 * the {@code tenant-id} header before the value is even read.
 */
final class ChangeStream implements AutoCloseable {

    /** A change of this tenant with the position just after it. */
    record Change(byte[] json, StreamPosition position) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final byte[] tenant;
    private StreamPosition position;

    /** Throws {@link ChangesUnavailable} when the topic is missing or Kafka does not answer within {@code wait}. */
    ChangeStream(String bootstrapServers, String topic, UUID tenant, StreamPosition resumeFrom, Duration wait) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // positions live in the client's Last-Event-ID, not in Kafka
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                // opening a stream waits for Kafka this long at most, then the client gets 503, not a hang
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) wait.toMillis(),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) wait.toMillis()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.tenant = tenant.toString().getBytes(StandardCharsets.UTF_8);
        try {
            this.position = open(topic, resumeFrom);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e instanceof ChangesUnavailable unavailable ? unavailable : new ChangesUnavailable(e.toString());
        }
    }

    private StreamPosition open(String topic, StreamPosition resumeFrom) {
        var partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new ChangesUnavailable("topic " + topic + " does not exist (yet): the change feed creates it");
        }
        consumer.assign(partitions);
        if (resumeFrom == null) {
            consumer.seekToEnd(partitions);
        } else {
            partitions.forEach(p -> seek(p, resumeFrom));
        }
        var start = new java.util.TreeMap<Integer, Long>();
        partitions.forEach(p -> start.put(p.partition(), consumer.position(p)));
        return new StreamPosition(start);
    }

    private void seek(TopicPartition partition, StreamPosition resumeFrom) {
        var offset = resumeFrom.nextOffsets().get(partition.partition());
        if (offset == null) {
            consumer.seekToBeginning(List.of(partition));
        } else {
            consumer.seek(partition, offset);
        }
    }

    StreamPosition position() {
        return position;
    }

    /** The tenant's changes that arrived within {@code timeout}, each with the position after it. */
    List<Change> poll(Duration timeout) {
        var changes = new ArrayList<Change>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            position = position.advancedPast(record.partition(), record.offset());
            var header = record.headers().lastHeader(EventHeaders.TENANT_ID);
            if (header != null && java.util.Arrays.equals(header.value(), tenant)) {
                changes.add(new Change(record.value(), position));
            }
        }
        return changes;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }

    /** No stream can be served now (the changes topic is missing, or Kafka does not answer): 503, try again. */
    static final class ChangesUnavailable extends RuntimeException {

        ChangesUnavailable(String reason) {
            super(reason);
        }
    }
}
