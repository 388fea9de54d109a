package dev.secondbrain.ingest.publish;

import dev.secondbrain.schemas.OwnedTopic;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The intake owns the events topic: it creates it when missing (at startup, and whenever readiness finds it
 * missing later), with {@code pipeline.topics.partitions}, {@code retention} and records as large as the intake
 * publishes; an existing topic is never changed. Not with {@code pipeline.topics.create=false}: then it only checks.
 */
@Configuration(proxyBeanMethods = false)
class EventTopics {

    /** The longest one look at the broker may take: readiness never waits longer on Kafka. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);
    /** How long readiness reuses the last look. */
    static final Duration CHECK_REUSE = Duration.ofSeconds(5);
    /** How long startup waits for the broker to create the topic, before readiness takes over. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(10);

    @Bean(destroyMethod = "close")
    OwnedTopic eventsTopic(TopicSettings topics, PublishSettings publish, KafkaProperties kafka) {
        var topic = new OwnedTopic(adminProperties(kafka), newEventsTopic(topics, publish), topics.create(),
                CHECK_TIMEOUT, CHECK_REUSE);
        topic.ensure(STARTUP_WAIT);
        return topic;
    }

    static NewTopic newEventsTopic(TopicSettings topics, PublishSettings publish) {
        return new NewTopic(topics.events(), Optional.of(topics.partitions()), Optional.ofNullable(topics.replicationFactor()))
                .configs(Map.of(
                        // records as large as the producer may send (the broker default is 1 MB)
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(publish.maxRecordSize().toBytes()),
                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(topics.retention().toMillis())));
    }

    /** The producer's cluster is the one that matters, should the producer be configured apart. */
    private static Map<String, Object> adminProperties(KafkaProperties kafka) {
        var config = new HashMap<>(kafka.buildAdminProperties());
        var producerServers = kafka.buildProducerProperties().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (producerServers != null) {
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, producerServers);
        }
        return config;
    }
}
