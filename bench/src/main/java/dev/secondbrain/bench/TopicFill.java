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

    static void fill(String bootstrapServers, String topic, List<? extends DocumentEvent> events)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        var config = Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                // one request in flight keeps each partition in order without the idempotent producer's sequence
                // bookkeeping, which the embedded broker under benchmark load rejected as out of order
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                // bigger batches: filling is setup, not what is measured
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            var acks = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (var event : events) {
                var record = new ProducerRecord<>(topic, event.key(), EventCodec.write(event));
                header(record, EventHeaders.TENANT_ID, event.tenantId().toString());
                header(record, EventHeaders.EVENT_TYPE, event.type());
                header(record, EventHeaders.SCHEMA_VERSION, EventHeaders.CURRENT_SCHEMA_VERSION);
                header(record, EventHeaders.EVENT_ID, UUID.randomUUID().toString());
                acks.add(producer.send(record));
            }
            producer.flush();
            for (var ack : acks) {
                ack.get(); // a record that did not make it would make the drain wait forever
            }
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
