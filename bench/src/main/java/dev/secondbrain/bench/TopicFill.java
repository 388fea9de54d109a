package dev.secondbrain.bench;

import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fills a topic with events exactly as the intake publishes them (key, headers, JSON value). */
final class TopicFill {

    private TopicFill() {
    }

    static void fill(String bootstrapServers, String topic, List<? extends DocumentEvent> events) {
        var config = Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                // bigger batches: filling is setup, not what is measured
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (var event : events) {
                var record = new ProducerRecord<>(topic, event.key(), EventCodec.write(event));
                header(record, EventHeaders.TENANT_ID, event.tenantId().toString());
                header(record, EventHeaders.EVENT_TYPE, event.type());
                header(record, EventHeaders.SCHEMA_VERSION, EventHeaders.CURRENT_SCHEMA_VERSION);
                header(record, EventHeaders.EVENT_ID, UUID.randomUUID().toString());
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
