package dev.secondbrain.worker.deadletter;

import dev.secondbrain.schemas.OwnedTopic;
import dev.secondbrain.worker.consume.WorkerTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The worker owns the dead-letter topic: it creates it when missing (at startup, and whenever readiness finds it
 * missing later) with {@code pipeline.topics.dead-letter-*}. {@code deadLetterTopic} in the readiness group is DOWN
 * while the topic is missing or Kafka does not answer: a bad record could not be dead-lettered, so its batch
 * would retry instead of moving on.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterTopicWiring {

    /** The longest one look at the broker may take: readiness never waits longer on Kafka. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);
    /** How long readiness reuses the last look. */
    static final Duration CHECK_REUSE = Duration.ofSeconds(5);
    /** How long startup gives the broker to create the topic, before readiness takes over. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(10);

    @Bean(destroyMethod = "close")
    OwnedTopic deadLetterTopic(WorkerTopics topics, KafkaProperties kafka) {
        var topic = new OwnedTopic(kafka.buildAdminProperties(), newDeadLetterTopic(topics), topics.create(),
                CHECK_TIMEOUT, CHECK_REUSE);
        topic.ensure(STARTUP_WAIT);
        return topic;
    }

    /** Health component {@code deadLetterTopic}. */
    @Bean
    HealthIndicator deadLetterTopicHealthIndicator(OwnedTopic deadLetterTopic) {
        return () -> deadLetterTopic.problem().map(problem -> Health.down().withDetail("error", problem).build())
                .orElseGet(() -> Health.up().withDetail("topic", deadLetterTopic.name()).build());
    }

    static NewTopic newDeadLetterTopic(WorkerTopics topics) {
        return new NewTopic(topics.deadLetter(), Optional.of(topics.deadLetterPartitions()),
                Optional.ofNullable(topics.replicationFactor())).configs(Map.of(
                // a dead letter is the original record plus reason headers: larger than the broker's 1 MB default
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(topics.deadLetterMaxRecordSize().toBytes()),
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(topics.deadLetterRetention().toMillis())));
    }
}
