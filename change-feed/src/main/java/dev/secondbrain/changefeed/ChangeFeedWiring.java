package dev.secondbrain.changefeed;

import dev.secondbrain.schemas.OwnedTopic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The change feed and its producer. */
@Configuration(proxyBeanMethods = false)
class ChangeFeedWiring {

    /** How long startup gives the broker to create the changes topic, before readiness takes over. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(10);

    /** The changes topic, created at startup when missing (the feed owns it) and checked for readiness. */
    @Bean(destroyMethod = "close")
    OwnedTopic changesTopic(ChangeFeedTopics topics, KafkaProperties kafka) {
        var topic = topics.owned(producerCluster(kafka));
        topic.ensure(STARTUP_WAIT);
        return topic;
    }

    @Bean
    ChangeFeed changeFeed(DataSource dataSource, DataSourceProperties database, KafkaProperties kafka,
                          ChangeFeedSettings settings, OwnedTopic changesTopic) {
        return new ChangeFeed(dataSource,
                new EngineProperties(database.determineUrl(), database.determineUsername(), database.determinePassword()),
                producer(kafka), settings, changesTopic);
    }

    @Bean
    SlotLag slotLag(JdbcClient jdbc, ChangeFeedSettings settings, MeterRegistry registry) {
        return new SlotLag(jdbc, settings.slotName(), registry);
    }

    /** Health component {@code changeFeed} (in readiness). */
    @Bean
    HealthIndicator changeFeedHealthIndicator(ChangeFeed feed, OwnedTopic changesTopic, SlotLag lag,
                                              ChangeFeedSettings settings) {
        return new ChangeFeedHealth(feed, changesTopic, lag, settings.maxSlotLag());
    }

    /** The producer's cluster is the one the topic must be on, should the producer be configured apart. */
    private static Map<String, Object> producerCluster(KafkaProperties kafka) {
        var config = new HashMap<>(kafka.buildAdminProperties());
        var servers = kafka.buildProducerProperties().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers != null) {
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        }
        return config;
    }

    private static Producer<String, byte[]> producer(KafkaProperties kafka) {
        var properties = new HashMap<>(kafka.buildProducerProperties());
        // a change is acknowledged to Debezium (its offset stored) only once every replica has it
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // a retried send must not reorder or duplicate changes of one key
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(properties);
    }
}
