package dev.secondbrain.bench;

import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.DocumentUpserted;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

/**
 * The corpus as a Kafka Connect source would publish it for a JDBC sink: key and value in Connect's JSON with
 * schema; the key is the primary key (tenant, external id), an upsert's value the document's columns, a delete a
 * tombstone (null value). Types are those Debezium's PostgreSQL dialect binds to our columns: the tenant as
 * {@code io.debezium.data.Uuid}, timestamps as Connect {@code Timestamp}, metadata as {@code io.debezium.data.Json}.
 * After the corpus, one sentinel document per partition marks its end.
 */
final class ConnectRecords {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Object> KEY_SCHEMA = struct("documents_key",
            field("tenant_id", "string", "io.debezium.data.Uuid", false), field("external_id", "string", null, false));
    private static final Map<String, Object> VALUE_SCHEMA = struct("documents_value",
            field("source", "string", null, false), field("version", "int64", null, false),
            field("title", "string", null, true), field("content", "string", null, true),
            field("mime_type", "string", null, true), field("url", "string", null, true),
            field("author", "string", null, true),
            field("source_created_at", "int64", "org.apache.kafka.connect.data.Timestamp", true),
            field("source_updated_at", "int64", "org.apache.kafka.connect.data.Timestamp", true),
            field("metadata", "string", "io.debezium.data.Json", false));
    private static final UUID SENTINELS = new UUID(0, 0);

    private ConnectRecords() {
    }

    /** Produces {@code events} and a sentinel per partition; returns the sentinels' external ids. */
    static List<String> fill(String bootstrapServers, String topic, List<DocumentEvent> events) throws Exception {
        var config = Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                // as TopicFill: one request in flight keeps order without the idempotent producer's bookkeeping
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            var acks = new ArrayList<Future<?>>();
            for (var event : events) {
                acks.add(producer.send(new ProducerRecord<>(topic, key(event.tenantId(), event.externalId()), value(event))));
            }
            var sentinels = new ArrayList<String>();
            for (int partition = 0; partition < producer.partitionsFor(topic).size(); partition++) {
                var id = "bench-sentinel-" + partition;
                sentinels.add(id);
                var last = new DocumentUpserted(SENTINELS, id, "bench", 1, "sentinel", "the end", "text/plain", null,
                        null, Instant.now(), Instant.now(), Map.of(), null);
                acks.add(producer.send(new ProducerRecord<>(topic, partition, key(SENTINELS, id), value(last))));
            }
            producer.flush();
            for (var ack : acks) {
                ack.get();
            }
            return sentinels;
        }
    }

    private static byte[] key(UUID tenant, String externalId) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("tenant_id", tenant.toString());
        payload.put("external_id", externalId);
        return JSON.writeValueAsBytes(Map.of("schema", KEY_SCHEMA, "payload", payload));
    }

    private static byte[] value(DocumentEvent event) {
        return switch (event) {
            case DocumentDeleted d -> null;
            case DocumentUpserted u -> {
                var payload = new LinkedHashMap<String, Object>();
                payload.put("source", u.source());
                payload.put("version", u.version());
                payload.put("title", u.title());
                payload.put("content", u.content());
                payload.put("mime_type", u.mimeType());
                payload.put("url", u.url());
                payload.put("author", u.author());
                payload.put("source_created_at", u.sourceCreatedAt() == null ? null : u.sourceCreatedAt().toEpochMilli());
                payload.put("source_updated_at", u.sourceUpdatedAt() == null ? null : u.sourceUpdatedAt().toEpochMilli());
                payload.put("metadata", JSON.writeValueAsString(u.metadata() == null ? Map.of() : u.metadata()));
                yield JSON.writeValueAsBytes(Map.of("schema", VALUE_SCHEMA, "payload", payload));
            }
        };
    }

    private static Map<String, Object> struct(String name, Map<?, ?>... fields) {
        return Map.of("type", "struct", "name", name, "optional", false, "fields", List.of(fields));
    }

    private static Map<String, Object> field(String name, String type, String logical, boolean optional) {
        var field = new LinkedHashMap<String, Object>();
        field.put("field", name);
        field.put("type", type);
        field.put("optional", optional);
        if (logical != null) {
            field.put("name", logical);
            if (logical.startsWith("org.apache.kafka")) {
                field.put("version", 1);
            }
        }
        return field;
    }
}
