package dev.secondbrain.tools;

import dev.secondbrain.schemas.EventHeaders;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterReplayIntegrationTests {

    private static final String TENANT = "00000000-0000-0000-0000-0000000000a1";

    @Test
    void replaysDeadLettersWithOriginalKeyValueAndHeadersOnceAndOnlyOnce() throws Exception {
        var topics = TestTopics.withSuffix(UUID.randomUUID().toString().substring(0, 8));
        var kafka = Infrastructure.kafka();
        kafka.createTopics(topics.events(), topics.deadLetter());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                var record = new ProducerRecord<>(topics.deadLetter(), "tenant/doc-" + i, "{\"n\":" + i + "}");
                record.headers().add(EventHeaders.EVENT_TYPE, bytes("DocumentUpserted"));
                record.headers().add(EventHeaders.DLT_EXCEPTION_CLASS, bytes("SQLException"));
                record.headers().add(EventHeaders.DLT_ORIGINAL_OFFSET, bytes(String.valueOf(i)));
                // three of one tenant, one whose header is no tenant id (a bad record's may be anything), one without
                if (i < 3) {
                    record.headers().add(EventHeaders.TENANT_ID, bytes(TENANT));
                } else if (i == 3) {
                    record.headers().add(EventHeaders.TENANT_ID, bytes("not-a-tenant"));
                }
                producer.send(record).get();
            }
        }

        var perTenant = new java.util.HashMap<String, Long>();
        assertThat(DeadLetterReplay.replay(kafka.bootstrapServers(), topics.deadLetter(), topics.events(), perTenant))
                .isEqualTo(5);
        assertThat(perTenant).as("what the audit log of each tenant gets").isEqualTo(Map.of(TENANT, 3L));
        assertThat(DeadLetterReplay.replay(kafka.bootstrapServers(), topics.deadLetter(), topics.events()))
                .as("a second run replays nothing again").isZero();

        var replayed = readAll(kafka.bootstrapServers(), topics.events(), 5);
        assertThat(replayed).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("tenant/doc-0", "tenant/doc-1", "tenant/doc-2", "tenant/doc-3", "tenant/doc-4");
        assertThat(replayed).allSatisfy(r -> {
            assertThat(new String(r.headers().lastHeader(EventHeaders.EVENT_TYPE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("DocumentUpserted");
            assertThat(r.headers().lastHeader(EventHeaders.DLT_EXCEPTION_CLASS)).as("reason removed").isNull();
            assertThat(r.headers().lastHeader(EventHeaders.DLT_ORIGINAL_OFFSET)).isNull();
            assertThat(r.value()).startsWith("{\"n\":");
        });
    }

    private static List<ConsumerRecord<String, String>> readAll(String servers, String topic, int expected) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            var all = new ArrayList<ConsumerRecord<String, String>>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (all.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
            }
            // one more poll: nothing beyond the expected records (no duplicates)
            consumer.poll(Duration.ofSeconds(1)).forEach(all::add);
            return all;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
