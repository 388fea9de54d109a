package dev.secondbrain.ingest.sync;

import dev.secondbrain.ingest.publish.TopicSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The events topic's end offsets at this moment: every event a connector had sent before completing its
 * sync lies below them, so once the worker has applied up to them the sync saw all it will see.
 */
@Component
class EndOffsets {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaAdmin kafkaAdmin;
    private final String topic;

    EndOffsets(KafkaAdmin kafkaAdmin, TopicSettings topics) {
        this.kafkaAdmin = kafkaAdmin;
        this.topic = topics.events();
    }

    Map<Integer, Long> now() {
        try (var admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions();
            var latest = partitions.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailable(e);
        }
    }

    /** Kafka could not tell the end offsets; the connector retries the completion. */
    static final class KafkaUnavailable extends RuntimeException {

        KafkaUnavailable(Throwable cause) {
            super("Kafka did not answer in time", cause);
        }
    }
}
