package dev.secondbrain.changefeed;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.HashMap;

/** The change feed and its producer. */
@Configuration(proxyBeanMethods = false)
class ChangeFeedWiring {

    @Bean
    ChangeFeed changeFeed(DataSource dataSource, DataSourceProperties database, KafkaProperties kafka,
                          ChangeFeedSettings settings, ChangeFeedTopics topics) {
        return new ChangeFeed(dataSource,
                new EngineProperties(database.determineUrl(), database.determineUsername(), database.determinePassword()),
                producer(kafka), settings, topics.changes());
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
