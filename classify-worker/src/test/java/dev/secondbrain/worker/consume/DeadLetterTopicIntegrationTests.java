package dev.secondbrain.worker.consume;

import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.secondbrain.worker.consume.Events.produced;
import static dev.secondbrain.worker.consume.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker that may not create its dead-letter topic ({@code pipeline.topics.create=false}) and finds it missing: it
 * is not ready, and a bad record holds its partition (retried, never skipped) visibly, as a stuck partition with
 * the dead-letter error, until the topic exists; then the record is dead-lettered and the partition goes on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pipeline.topics.create=false", "pipeline.worker.send-timeout=2s", "pipeline.worker.stuck-after=3s",
        "pipeline.worker.retry-backoff-max=500ms"})
@WithPipelineInfrastructure
class DeadLetterTopicIntegrationTests {

    @LocalServerPort int port;
    @Autowired WorkerTopics topics;
    @Autowired MeterRegistry registry;
    @Autowired JdbcTemplate jdbc;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aMissingDeadLetterTopicMakesTheWorkerUnreadyAndHoldsTheBadRecordsPartitionVisiblyUntilItExists() throws Exception {
        Infrastructure.kafka().createMissingTopics(topics.events()); // the intake's topic, as the intake creates it
        var tenant = UUID.randomUUID();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(readiness("deadLetterTopic").path("status").asString()).isEqualTo("DOWN");
            assertThat(readiness("deadLetterTopic").path("details").path("error").asString())
                    .contains("topic " + topics.deadLetter() + " does not exist");
        });

        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topics.events(), 0, (tenant + "/bad").getBytes(StandardCharsets.UTF_8),
                    "not an event".getBytes(StandardCharsets.UTF_8)));
            var good = produced(topics.events(), upsert(tenant, "after", 1, "behind the bad record"));
            producer.send(new ProducerRecord<>(topics.events(), 0, good.key(), good.value(), good.headers())).get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(readiness("partitions").path("status").asString()).isEqualTo("DOWN");
            assertThat(readiness("partitions").path("details").path("stuck").toString())
                    .contains(topics.events() + "-0", "dead letters not acknowledged");
            assertThat(registry.get("pipeline.worker.stuck.partitions").gauge().value()).isEqualTo(1);
        });
        assertThat(stored(tenant)).as("the record behind it waits: nothing skipped").isZero();

        Infrastructure.kafka().createTopics(topics.deadLetter()); // what the operator does
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(stored(tenant)).isEqualTo(1);
            assertThat(registry.get("pipeline.worker.stuck.partitions").gauge().value()).isZero();
            assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        });
        try (var deadLetters = new DeadLetterReader(Infrastructure.kafka().bootstrapServers(), topics.deadLetter())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.withKeyPrefix(tenant + "/bad").size() == 1);
        }
    }

    private long stored(UUID tenant) {
        return jdbc.queryForObject("select count(*) from documents where tenant_id = ?", Long.class, tenant);
    }

    /** A component of the readiness group as JSON: {@code status}, {@code details}. */
    private JsonNode readiness(String component) throws Exception {
        return JSON.readTree(get("/actuator/health/readiness").body()).path("components").path(component);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
