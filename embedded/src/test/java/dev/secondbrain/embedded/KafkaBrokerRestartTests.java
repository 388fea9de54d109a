package dev.secondbrain.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stopped and restarted broker keeps its address and data, and clients get through to it again. */
class KafkaBrokerRestartTests {

    private static final String TOPIC = "restarted";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final String GROUP = "reader";
    private static final int RECORDS = 20;

    @Test
    void aRestartedBrokerServesTheSameAddressWithTheSameRecordsAndOffsets() throws Exception {
        try (var broker = KafkaBroker.start()) {
            broker.createTopics(TOPIC);
            var address = broker.bootstrapServers();
            var written = new ArrayList<String>();
            try (var impatient = producer(address, Map.of(
                         // gives up on a record within 1.5 s: the control that shows the broker really is down
                         ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                         ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1500,
                         ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000));
                 var patient = producer(address, Map.of())) {
                // only the control uses the impatient producer: on a loaded machine 1 s of metadata wait is too short
                for (int i = 0; i < RECORDS; i++) {
                    send(patient, "before-" + i);
                    written.add("before-" + i);
                }
                commitOffset(address, RECORDS);

                for (int round = 1; round <= 2; round++) {
                    broker.stop();
                    // with its only broker unreachable the client rebootstraps (metadata.recovery.strategy) and
                    // forgets the topic, so send() itself blocks (up to max.block.ms, 60 s by default) until the
                    // broker is back: it gets a thread of its own
                    var retried = "retried-" + round;
                    var retriedSend = CompletableFuture.runAsync(() -> sendUnchecked(patient, retried));
                    var expired = "expired-" + round;
                    assertThatThrownBy(() -> send(impatient, expired))
                            .isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(TimeoutException.class);
                    assertThat(retriedSend).isNotDone();

                    broker.startAgain();

                    assertThat(broker.bootstrapServers()).isEqualTo(address);
                    retriedSend.get(90, TimeUnit.SECONDS);
                    written.add(retried);
                    send(patient, "after-" + round);
                    written.add("after-" + round);
                    assertThat(readAll(address, written.size())).containsExactlyInAnyOrderElementsOf(written);
                    assertThat(committedOffset(address)).isEqualTo(RECORDS);
                }
            }
        }
    }

    private static KafkaProducer<String, String> producer(String address, Map<String, Object> overrides) {
        var config = new HashMap<String, Object>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        config.putAll(overrides);
        return new KafkaProducer<>(config);
    }

    private static void send(KafkaProducer<String, String> producer, String value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, 0, null, value)).get(60, TimeUnit.SECONDS);
    }

    private static void sendUnchecked(KafkaProducer<String, String> producer, String value) {
        try {
            send(producer, value);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static KafkaConsumer<String, String> consumer(String address) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    private static void commitOffset(String address, long offset) {
        try (var consumer = consumer(address)) {
            consumer.assign(List.of(PARTITION));
            consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(offset)));
        }
    }

    private static long committedOffset(String address) {
        try (var consumer = consumer(address)) {
            return consumer.committed(Set.of(PARTITION), Duration.ofSeconds(10)).get(PARTITION).offset();
        }
    }

    /** Reads the partition from its start (without committing) until it has the expected number of records. */
    private static List<String> readAll(String address, int expected) {
        var values = new ArrayList<String>();
        try (var consumer = consumer(address)) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
