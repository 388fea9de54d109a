package dev.secondbrain.api;

import dev.secondbrain.schemas.DocumentChanged;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import dev.secondbrain.testkit.Infrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Publishes to the changes topic as the change feed does (key, tenant header, DocumentChanged JSON). */
final class ChangeFeed implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    ChangeFeed(String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes the changes in the order given and waits until Kafka has them. */
    void publish(List<DocumentChanged> changes) throws Exception {
        for (var change : changes) {
            var record = new ProducerRecord<>(topic, change.key(), EventCodec.mapper().writeValueAsBytes(change));
            record.headers().add(EventHeaders.TENANT_ID, change.tenantId().toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
    }

    static DocumentChanged change(UUID tenant, String externalId, long version) {
        return new DocumentChanged(version == 1 ? "created" : "updated", tenant, externalId, version, "work",
                "classified", false, null, "0/" + Long.toHexString(version), Instant.now());
    }

    @Override
    public void close() {
        producer.close();
    }
}
