package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Events and raw records as a connector or the intake would put them on the topic. */
final class Events {

    private Events() {
    }

    static DocumentUpserted upsert(UUID tenant, String id, long version, String content) {
        return new DocumentUpserted(tenant, id, "notes", version, "Title " + id, content, "text/plain",
                "https://example.com/" + id, "ann", Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-02T00:00:00Z"), Map.of("k", "v"), null);
    }

    static DocumentDeleted delete(UUID tenant, String id, long version) {
        return new DocumentDeleted(tenant, id, "notes", version, null);
    }

    static ProducerRecord<byte[], byte[]> produced(String topic, DocumentEvent event) {
        return new ProducerRecord<>(topic, null, event.key().getBytes(StandardCharsets.UTF_8),
                EventCodec.write(event), headers(event));
    }

    static ConsumerRecord<byte[], byte[]> consumed(String topic, int partition, long offset, DocumentEvent event) {
        return raw(topic, partition, offset, event.key(), EventCodec.write(event));
    }

    static ConsumerRecord<byte[], byte[]> raw(String topic, int partition, long offset, String key, byte[] value) {
        return new ConsumerRecord<>(topic, partition, offset, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                -1, value == null ? -1 : value.length, key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(),
                Optional.empty());
    }

    private static RecordHeaders headers(DocumentEvent event) {
        var headers = new RecordHeaders();
        headers.add(EventHeaders.TENANT_ID, event.tenantId().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.EVENT_TYPE, event.type().getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.SCHEMA_VERSION, EventHeaders.CURRENT_SCHEMA_VERSION.getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.EVENT_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
