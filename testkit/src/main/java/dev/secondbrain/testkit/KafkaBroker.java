package dev.secondbrain.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A real Kafka broker in this JVM (KRaft, combined broker and controller). */
public final class KafkaBroker implements AutoCloseable {

    public static final int DEFAULT_PARTITIONS = 4;

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker on a free port (the KRaft test kit picks it; {@link #bootstrapServers()} tells it). */
    public static KafkaBroker start() {
        var broker = new EmbeddedKafkaKraftBroker(1, DEFAULT_PARTITIONS);
        broker.brokerProperties(Map.of(
                // topics are created by their owners with explicit partition counts
                "auto.create.topics.enable", "false",
                "num.partitions", String.valueOf(DEFAULT_PARTITIONS),
                // one broker: internal topics cannot have more replicas
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                // consumer groups in tests should not wait 3 s before their first rebalance
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new KafkaBroker(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** Creates the topics with {@link #DEFAULT_PARTITIONS} partitions each and waits until they exist. */
    public void createTopics(String... names) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            var topics = Arrays.stream(names).map(n -> new NewTopic(n, DEFAULT_PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + Arrays.toString(names), e);
        }
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
