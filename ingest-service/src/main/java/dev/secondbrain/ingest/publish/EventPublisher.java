package dev.secondbrain.ingest.publish;

import dev.secondbrain.schemas.CheckpointMarked;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the events of one request and returns only when Kafka acknowledged all of them. Every
 * record is serialized (and its size checked) before the first is sent, so a too-large event sends nothing.
 */
@Component
public class EventPublisher {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final PublishSettings settings;
    private final long maxRecordBytes;
    private final Timer acked;
    private final Timer failed;

    EventPublisher(Producer<String, byte[]> producer, TopicSettings topics, PublishSettings settings,
                   MeterRegistry meters) {
        this.producer = producer;
        this.topic = topics.events();
        this.settings = settings;
        this.maxRecordBytes = settings.maxRecordSize().toBytes();
        this.acked = Timer.builder("intake.publish").tag("outcome", "acked").register(meters);
        this.failed = Timer.builder("intake.publish").tag("outcome", "failed").register(meters);
    }

    /**
     * @throws EventTooLarge before anything is sent
     * @throws PublishFailed when Kafka did not acknowledge every event within the timeout
     */
    public void publish(UUID tenantId, List<? extends DocumentEvent> events) {
        awaitAcks(records(tenantId, events));
    }

    /** The partitions of the events topic now (the producer's metadata; waits at most {@code max.block.ms}). */
    public int partitions() {
        try {
            return producer.partitionsFor(topic).size();
        } catch (KafkaException e) {
            throw new PublishFailed("Kafka did not tell the topic's partitions", settings.retryAfter(), e);
        }
    }

    /**
     * Publishes checkpoint {@code checkpointId}'s marker to each of the first {@code partitions} partitions and
     * returns once Kafka acknowledged all of them: every event acknowledged before lies before a marker on its
     * partition.
     *
     * @throws PublishFailed when Kafka did not acknowledge every marker within the timeout
     */
    public void publishMarkers(UUID tenantId, UUID checkpointId, int partitions) {
        var marker = new CheckpointMarked(tenantId, checkpointId, partitions);
        var value = EventCodec.mapper().writeValueAsBytes(marker);
        var records = new ArrayList<ProducerRecord<String, byte[]>>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            var record = new ProducerRecord<>(topic, partition, marker.key(), value);
            header(record, EventHeaders.TENANT_ID, tenantId.toString());
            header(record, EventHeaders.EVENT_TYPE, CheckpointMarked.TYPE);
            header(record, EventHeaders.SCHEMA_VERSION, EventHeaders.CURRENT_SCHEMA_VERSION);
            header(record, EventHeaders.EVENT_ID, UUID.randomUUID().toString());
            records.add(record);
        }
        awaitAcks(records);
    }

    private void awaitAcks(List<ProducerRecord<String, byte[]>> records) {
        long started = System.nanoTime();
        try {
            send(records).get(2 * settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            acked.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            failed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            throw new PublishFailed("Kafka did not acknowledge the records", settings.retryAfter(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed("interrupted", settings.retryAfter(), e);
        }
    }

    private List<ProducerRecord<String, byte[]>> records(UUID tenantId, List<? extends DocumentEvent> events) {
        var records = new ArrayList<ProducerRecord<String, byte[]>>(events.size());
        for (int i = 0; i < events.size(); i++) {
            var event = events.get(i).withTenant(tenantId);
            var value = EventCodec.write(event);
            // key, headers and record framing take well under this margin
            if (value.length + event.key().getBytes(StandardCharsets.UTF_8).length + 1024L > maxRecordBytes) {
                throw new EventTooLarge(i, value.length, maxRecordBytes - 1024L);
            }
            var record = new ProducerRecord<>(topic, event.key(), value);
            header(record, EventHeaders.TENANT_ID, tenantId.toString());
            header(record, EventHeaders.EVENT_TYPE, event.type());
            header(record, EventHeaders.SCHEMA_VERSION, EventHeaders.CURRENT_SCHEMA_VERSION);
            header(record, EventHeaders.EVENT_ID, UUID.randomUUID().toString());
            records.add(record);
        }
        return records;
    }

    /** Sends all records; stops at the first send that fails at once (it already waited max.block.ms). */
    private CompletableFuture<Void> send(List<ProducerRecord<String, byte[]>> records) {
        var acks = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < records.size(); i++) {
            var ack = new CompletableFuture<Void>();
            try {
                producer.send(records.get(i), (metadata, error) -> {
                    if (error == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(error);
                    }
                });
            } catch (KafkaException e) {
                ack.completeExceptionally(e);
            }
            if (ack.isCompletedExceptionally()) {
                return ack;
            }
            acks[i] = ack;
        }
        return CompletableFuture.allOf(acks);
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
