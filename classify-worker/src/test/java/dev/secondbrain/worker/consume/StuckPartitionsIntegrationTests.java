package dev.secondbrain.worker.consume;

import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.secondbrain.worker.consume.Events.produced;
import static dev.secondbrain.worker.consume.Events.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch that keeps failing for a reason that is not an outage (a programming error in planning, injected at the
 * {@code CLASSIFYING} fault point as the NullPointerException it would be) is still retried, never skipped, and
 * after {@code stuck-after} its partition shows as stuck: in readiness with the error, and in the metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pipeline.worker.stuck-after=2s", "pipeline.worker.retry-backoff-max=500ms"})
@WithPipelineInfrastructure
class StuckPartitionsIntegrationTests {

    /** The worker's planning, broken on purpose: throws for the next {@code failures} batches. */
    static final class BrokenPlanning implements FaultPoints {

        final AtomicInteger failures = new AtomicInteger();

        @Override
        public void reached(Point point) {
            if (point == Point.CLASSIFYING && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new NullPointerException("injected: a programming error in the batch's planning");
            }
        }
    }

    @TestConfiguration
    static class Breakable {
        @Bean
        BrokenPlanning brokenPlanning() {
            return new BrokenPlanning();
        }
    }

    @LocalServerPort int port;
    @Autowired BrokenPlanning planning;
    @Autowired WorkerTopics topics;
    @Autowired MeterRegistry registry;
    @Autowired JdbcTemplate jdbc;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeEach
    void producer() {
        Infrastructure.kafka().createMissingTopics(topics.events()); // the intake's topic, as the intake creates it
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterEach
    void close() {
        planning.failures.set(0);
        producer.close();
    }

    @Test
    void aBatchFailingPastStuckAfterShowsItsPartitionStuckWithTheErrorUntilItCommits() throws Exception {
        var tenant = UUID.randomUUID();
        planning.failures.set(Integer.MAX_VALUE);
        producer.send(produced(topics.events(), upsert(tenant, "held", 1, "waits for the fix"))).get();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
            var partitions = readiness("partitions");
            assertThat(partitions.path("status").asString()).isEqualTo("DOWN");
            assertThat(partitions.path("details").path("stuck").toString()).contains(topics.events(),
                    "NullPointerException", "injected: a programming error");
            assertThat(registry.get("pipeline.worker.stuck.partitions").gauge().value()).isEqualTo(1);
            assertThat(registry.get("pipeline.worker.stuck").tag("topic", topics.events()).gauges())
                    .anySatisfy(g -> assertThat(g.value()).isGreaterThan(2));
        });
        assertThat(stored(tenant)).as("retried, never skipped: nothing of the batch is applied").isZero();
        assertThat(get("/actuator/prometheus").body()).contains("pipeline_worker_stuck_partitions 1.0",
                "pipeline_worker_stuck_seconds{partition=");

        planning.failures.set(0);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(stored(tenant)).isEqualTo(1);
            assertThat(registry.get("pipeline.worker.stuck.partitions").gauge().value()).isZero();
            assertThat(readiness("partitions").path("status").asString()).isEqualTo("UP");
        });
    }

    @Test
    void controlABatchThatFailsForLessThanStuckAfterIsRetriedWithoutShowingStuck() throws Exception {
        var tenant = UUID.randomUUID();
        var retries = registry.get("pipeline.worker.batch.retries").counter();
        double retriesBefore = retries.count();
        planning.failures.set(1);
        producer.send(produced(topics.events(), upsert(tenant, "once", 1, "fails once"))).get();

        await().atMost(Duration.ofSeconds(60)).until(() -> stored(tenant) == 1);
        assertThat(retries.count()).as("it did fail and was retried").isGreaterThan(retriesBefore);
        assertThat(registry.get("pipeline.worker.stuck.partitions").gauge().value()).isZero();
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
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
