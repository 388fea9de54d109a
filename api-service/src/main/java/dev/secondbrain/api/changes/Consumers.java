package dev.secondbrain.api.changes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes the consumers of the changes topic and counts those open (the metric {@code pipeline.changes.consumers}). */
final class Consumers {

    final AtomicInteger open = new AtomicInteger();
    private final String bootstrapServers;

    Consumers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A consumer without group: it is assigned partitions and seeks itself. */
    KafkaConsumer<String, byte[]> open() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // positions live in the store (webhooks) or in the client's Last-Event-ID (streams), not in Kafka
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a position past the end (the topic was made again) starts over: a change is never skipped
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // only committed changes of the feed's transactions
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer()) {
            @Override
            public void close() {
                try {
                    super.close(java.time.Duration.ofSeconds(1));
                } finally {
                    open.decrementAndGet();
                }
            }
        };
        open.incrementAndGet();
        return consumer;
    }
}
