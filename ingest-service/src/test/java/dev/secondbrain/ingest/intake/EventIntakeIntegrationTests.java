package dev.secondbrain.ingest.intake;

import dev.secondbrain.ingest.Events;
import dev.secondbrain.ingest.IntakeClient;
import dev.secondbrain.ingest.TopicReader;
import dev.secondbrain.ingest.publish.TopicSettings;
import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.admin.token=" + IntakeClient.ADMIN_TOKEN)
@WithPipelineInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventIntakeIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    TopicSettings topics;
    @Autowired
    MeterRegistry meters;

    IntakeClient client;
    TopicReader topic;
    UUID tenantId;
    String key;

    @BeforeAll
    void tenantWithKey() {
        client = new IntakeClient(port);
        topic = new TopicReader(topics.events());
        tenantId = client.createTenant("acme", 100_000);
        key = client.issueKey(tenantId)[1];
    }

    @AfterAll
    void closeReader() {
        topic.close();
    }

    @Test
    void publishesEveryAcceptedEventWithKeyHeadersAndTheKeysTenant() {
        var before = topic.endOffsets();
        var answer = client.postEvents(key, List.of(
                Events.upserted("notes/a.md", 3, "hello"), Events.deleted("notes/b.md", 4)));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(2);
        var records = topic.readAfter(before, 2);
        assertThat(records).hasSize(2);
        var upserted = only(records, tenantId + "/notes/a.md");
        assertThat(header(upserted, EventHeaders.TENANT_ID)).isEqualTo(tenantId.toString());
        assertThat(header(upserted, EventHeaders.EVENT_TYPE)).isEqualTo("DocumentUpserted");
        assertThat(header(upserted, EventHeaders.SCHEMA_VERSION)).isEqualTo(EventHeaders.CURRENT_SCHEMA_VERSION);
        assertThat(UUID.fromString(header(upserted, EventHeaders.EVENT_ID))).isNotNull();
        var event = (DocumentUpserted) EventCodec.read(upserted.value());
        assertThat(event.tenantId()).isEqualTo(tenantId);
        assertThat(event.content()).isEqualTo("hello");
        assertThat(event.version()).isEqualTo(3);
        assertThat(event.metadata()).containsEntry("folder", "inbox");
        var deleted = only(records, tenantId + "/notes/b.md");
        assertThat(header(deleted, EventHeaders.EVENT_TYPE)).isEqualTo("DocumentDeleted");
        assertThat(EventCodec.read(deleted.value())).isEqualTo(new DocumentDeleted(tenantId, "notes/b.md", "notes", 4, null));
        assertThat(header(upserted, EventHeaders.EVENT_ID)).isNotEqualTo(header(deleted, EventHeaders.EVENT_ID));
    }

    @Test
    void acceptsEventsExactlyAtTheLimits() {
        var before = topic.endOffsets();
        var atLimits = Events.upserted("x".repeat(512), 1, "c".repeat(1024 * 1024));
        atLimits.put("metadata", nested(31));
        var events = new ArrayList<Map<String, Object>>();
        events.add(atLimits);
        for (int i = 1; i < 1000; i++) {
            events.add(Events.deleted("bulk-" + i, i));
        }

        var answer = client.postEvents(key, events);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().get("accepted").asInt()).isEqualTo(1000);
        var written = topic.readAfter(before, 1000).stream()
                .filter(r -> r.key().equals(tenantId + "/" + "x".repeat(512))).findFirst().orElseThrow();
        assertThat(((DocumentUpserted) EventCodec.read(written.value())).content()).hasSize(1024 * 1024);
    }

    @Test
    void answersProblemJsonWithoutInternalsForEveryError() {
        var notFound = client.send(client.request("/v1/nothing-here", key).GET());
        var wrongMethod = client.send(client.request("/v1/events", key).GET());
        var wrongType = client.send(client.request("/v1/events", key).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        var badAdminJson = client.send(client.request("/v1/admin/tenants", IntakeClient.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":")));

        assertThat(List.of(notFound.status(), wrongMethod.status(), wrongType.status(), badAdminJson.status()))
                .containsExactly(404, 405, 415, 400);
        for (var answer : List.of(notFound, wrongMethod, wrongType, badAdminJson)) {
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("status").asInt()).isEqualTo(answer.status());
            assertThat(answer.body()).doesNotContain("Exception", "dev.secondbrain", "tools.jackson", "trace", "\tat ");
        }
    }

    @Test
    void describesTheApiInOpenApi() {
        var document = client.send(client.request("/v3/api-docs", null).GET());

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("paths").propertyNames())
                .contains("/v1/events", "/v1/admin/tenants", "/v1/admin/tenants/{tenantId}/keys", "/v1/admin/keys/{keyId}");
    }

    @Test
    void countsAcceptedEventsAndRejectedRequestsByReasonAndTimesPublishing() {
        double accepted = meters.counter("intake.events.accepted").count();
        double invalid = meters.counter("intake.requests.rejected", "reason", "invalid").count();
        double unauthorized = meters.counter("access.requests.rejected", "reason", "unauthorized").count();
        long published = meters.timer("intake.publish", "outcome", "acked").count();

        client.postEvents(key, List.of(Events.deleted("m1", 1), Events.deleted("m2", 1), Events.deleted("m3", 1)));
        client.postEvents(key, List.of(Events.deleted("", 1)));
        client.postEvents("wrong", List.of(Events.deleted("m4", 1)));

        assertThat(meters.counter("intake.events.accepted").count() - accepted).isEqualTo(3);
        assertThat(meters.counter("intake.requests.rejected", "reason", "invalid").count() - invalid).isEqualTo(1);
        assertThat(meters.counter("access.requests.rejected", "reason", "unauthorized").count() - unauthorized)
                .isEqualTo(1);
        assertThat(meters.timer("intake.publish", "outcome", "acked").count() - published).isEqualTo(1);
    }

    private static Map<String, Object> nested(int levels) {
        Map<String, Object> value = Map.of("leaf", true);
        for (int i = 1; i < levels; i++) {
            value = Map.of("n", value);
        }
        return value;
    }

    private static ConsumerRecord<String, byte[]> only(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
