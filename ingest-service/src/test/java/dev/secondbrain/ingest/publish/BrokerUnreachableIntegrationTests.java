package dev.secondbrain.ingest.publish;

import dev.secondbrain.ingest.Events;
import dev.secondbrain.ingest.IntakeClient;
import dev.secondbrain.ingest.TopicReader;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer points at a port where no broker listens (the database and the test's topic are real):
 * the intake must answer 503 with Retry-After within its bound, and acknowledge nothing. The control is
 * {@code EventIntakeIntegrationTests}, where the same requests get 202 from a reachable broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pipeline.admin.token=" + IntakeClient.ADMIN_TOKEN,
        "spring.kafka.producer.bootstrap-servers=localhost:${test.closed-port}",
        "pipeline.intake.publish.timeout=2s",
        "pipeline.intake.publish.retry-after=7s"})
@WithPipelineInfrastructure
class BrokerUnreachableIntegrationTests {

    static {
        System.setProperty("test.closed-port", String.valueOf(closedPort()));
    }

    @LocalServerPort
    int port;
    @Autowired
    TopicSettings topics;

    @Test
    void isNotReadyWhileItsKafkaDoesNotAnswerAndSaysSoWithinAProbesTimeout() {
        var client = new IntakeClient(port);
        for (int probe = 0; probe < 3; probe++) {
            // a probe that waited on Kafka for longer would end in HttpTimeoutException here
            var readiness = client.send(client.request("/actuator/health/readiness", null)
                    .timeout(Duration.ofSeconds(3)).GET());
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"kafka\":{\"status\":\"DOWN\"", "\"db\":{\"status\":\"UP\"");
        }
    }

    @Test
    void answers503WithRetryAfterWithinTheBoundAndAcknowledgesNothing() {
        var client = new IntakeClient(port);
        var key = client.issueKey(client.createTenant("no-broker", null))[1];
        var events = IntStream.range(0, 100).mapToObj(i -> Events.upserted("doc-" + i, 1, "x")).toList();

        long started = System.nanoTime();
        var many = client.postEvents(key, events);
        var one = client.postEvents(key, List.of(Events.deleted("one", 1)));
        var elapsed = Duration.ofNanos(System.nanoTime() - started);

        for (var answer : List.of(many, one)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("7");
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).doesNotContain("Exception", "org.apache");
        }
        assertThat(elapsed).as("two requests, each bounded by about 2 x 2 s").isLessThan(Duration.ofSeconds(30));
        // the intake could not create its topic on a broker it cannot reach; on the real one it would be empty
        Infrastructure.kafka().createMissingTopics(topics.events());
        try (var topic = new TopicReader(topics.events())) {
            assertThat(topic.recordCount()).isZero();
        }
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
