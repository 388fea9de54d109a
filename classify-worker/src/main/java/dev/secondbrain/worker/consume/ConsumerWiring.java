package dev.secondbrain.worker.consume;

import dev.secondbrain.worker.store.SyncProgress;
import dev.secondbrain.worker.store.Checkpoints;

import dev.secondbrain.worker.classify.Classifier;
import dev.secondbrain.worker.deadletter.DeadLetters;
import dev.secondbrain.worker.store.ConsumerOffsets;
import dev.secondbrain.worker.store.Documents;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;

/** Wires the consumer threads, the batch pipeline and the dead-letter producer. */
@Configuration(proxyBeanMethods = false)
class ConsumerWiring {

    @Bean
    ConsumerOffsets consumerOffsets(JdbcTemplate jdbc, WorkerSettings settings) {
        return new ConsumerOffsets(jdbc, settings.groupId());
    }

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> deadLetterProducer(KafkaProperties kafka, WorkerSettings settings, WorkerTopics topics) {
        var properties = new HashMap<>(kafka.buildProducerProperties());
        // a dead letter is the only copy of a record we skip: every replica must have it
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // retries after a lost acknowledgement must not duplicate dead letters
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // fail (and retry the batch) within the send timeout instead of the 2-minute default
        int timeout = (int) settings.sendTimeout().toMillis();
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        // the original record plus our headers is larger than the record we read, which may be as large as the
        // intake's largest (8 MB): a dead letter that the producer refused would hold its batch forever
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) topics.deadLetterMaxRecordSize().toBytes());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(properties);
    }

    @Bean
    DeadLetters deadLetters(Producer<byte[], byte[]> deadLetterProducer, WorkerTopics topics, WorkerSettings settings) {
        return new DeadLetters(deadLetterProducer, topics.deadLetter(), settings.sendTimeout());
    }

    /** Health component {@code partitions} (in readiness): DOWN while a batch has failed past stuck-after. */
    @Bean("partitions")
    StuckPartitions stuckPartitions(WorkerSettings settings, MeterRegistry registry) {
        return new StuckPartitions(settings.stuckAfter(), registry);
    }

    @Bean
    Batches batches(Documents documents, Classifier classifier, ConsumerOffsets offsets, DeadLetters deadLetters,
                    PlatformTransactionManager transactions, WorkerSettings settings, MeterRegistry registry,
                    JdbcTemplate jdbc, ObjectProvider<FaultPoints> faultTest, StuckPartitions stuck) {
        // a fault test registers its FaultPoints bean; otherwise there is none
        var faults = faultTest.getIfAvailable(() -> FaultPoints.NONE);
        var writer = new BatchWriter(new TransactionTemplate(transactions), documents, offsets,
                new SyncProgress(jdbc), new Checkpoints(jdbc), deadLetters, faults);
        return new Batches(documents, classifier, writer, deadLetters, settings, new WorkerMetrics(registry), faults,
                stuck);
    }

    @Bean
    Consumers consumers(KafkaProperties kafka, Batches batches, ConsumerOffsets offsets, WorkerSettings settings,
                        WorkerTopics topics, MeterRegistry registry) {
        return new Consumers(kafka.buildConsumerProperties(), batches, offsets, settings, topics, registry);
    }
}
