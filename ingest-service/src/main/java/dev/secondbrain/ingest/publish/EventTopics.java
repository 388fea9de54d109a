package dev.secondbrain.ingest.publish;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The intake owns the events topic: Spring's {@code KafkaAdmin} creates it at startup when it is missing
 * (an existing topic is never shrunk). Skipped with {@code pipeline.topics.create=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "pipeline.topics.create", matchIfMissing = true)
class EventTopics {

    @Bean
    NewTopic eventsTopic(TopicSettings topics, PublishSettings publish) {
        return newEventsTopic(topics, publish);
    }

    static NewTopic newEventsTopic(TopicSettings topics, PublishSettings publish) {
        var builder = TopicBuilder.name(topics.events())
                .partitions(topics.partitions())
                // records as large as the producer may send (the broker default is 1 MB)
                .config("max.message.bytes", String.valueOf(publish.maxRecordSize().toBytes()));
        if (topics.replicationFactor() != null) {
            builder.replicas(topics.replicationFactor());
        }
        return builder.build();
    }
}
