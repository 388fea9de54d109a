package dev.secondbrain.ingest.intake;

import dev.secondbrain.ingest.Events;
import dev.secondbrain.ingest.IntakeClient;
import dev.secondbrain.ingest.TopicReader;
import dev.secondbrain.ingest.publish.TopicSettings;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal of the intake: its status, its precise error, and nothing published (a marker request sent
 * after it is the only new record on the topic).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.admin.token=" + IntakeClient.ADMIN_TOKEN)
@WithPipelineInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectedRequestsIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    TopicSettings topics;

    IntakeClient client;
    TopicReader topic;
    String key;

    @BeforeAll
    void tenantWithKey() {
        client = new IntakeClient(port);
        topic = new TopicReader(topics.events());
        key = client.issueKey(client.createTenant("rejections", 1_000_000))[1];
    }

    @AfterAll
    void closeReader() {
        topic.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.secondbrain.ingest.intake.BadRequests#all")
    void refusesBadRequestWithItsErrorAndPublishesNothing(BadRequests.Case bad) {
        var before = topic.endOffsets();

        var answer = client.postEvents(key, bad.body());

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        var errors = answer.json().get("errors");
        assertThat(errors).as(answer.body()).hasSize(1);
        JsonNode error = errors.get(0);
        assertThat(error.has("index") ? error.get("index").asInt() : -1).isEqualTo(bad.index());
        assertThat(error.has("field") ? error.get("field").asString() : null).isEqualTo(bad.field());
        assertThat(error.get("message").asString()).contains(bad.message());
        assertNothingPublishedSince(before);
    }

    @Test
    void refusesDeclaredBodyOver10MiBWith413BeforeItIsSent() {
        var before = topic.endOffsets();
        var body = new byte[10 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');

        var answer = client.send(client.request("/v1/events", key).header("Content-Type", "application/json")
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertNothingPublishedSince(before);
    }

    @Test
    void refusesStreamedBodyOver10MiBWith413() {
        var before = topic.endOffsets();
        var body = new byte[10 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');

        // no Content-Length: chunked, so the intake finds out by reading, and stops one byte past the limit
        var answer = client.send(client.request("/v1/events", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));

        assertThat(answer.status()).isEqualTo(413);
        assertNothingPublishedSince(before);
    }

    @Test
    void acceptsBodyJustUnder10MiB() {
        var events = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 9; i++) {
            events.add(Events.upserted("large-" + i, 1, "l".repeat(1024 * 1024 - 100)));
        }
        var body = body(events);
        assertThat(body.length).isBetween(9 * 1024 * 1024, 10 * 1024 * 1024);

        assertThat(client.postEvents(key, body).status()).isEqualTo(202);
    }

    private void assertNothingPublishedSince(Map<org.apache.kafka.common.TopicPartition, Long> before) {
        var marker = client.postEvents(key, List.of(Events.upserted("marker-" + UUID.randomUUID(), 1, "m")));
        assertThat(marker.status()).isEqualTo(202);
        var after = topic.endOffsets();
        long published = after.entrySet().stream().mapToLong(e -> e.getValue() - before.get(e.getKey())).sum();
        assertThat(published).as("records since the bad request, marker included").isEqualTo(1);
    }

    private static byte[] body(List<Map<String, Object>> events) {
        return IntakeClient.JSON.writeValueAsBytes(Map.of("events", events));
    }
}
