package dev.secondbrain.ingest.tenants;

import dev.secondbrain.ingest.Events;
import dev.secondbrain.ingest.IntakeClient;
import dev.secondbrain.ingest.TopicReader;
import dev.secondbrain.ingest.publish.TopicSettings;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.admin.token=" + IntakeClient.ADMIN_TOKEN)
@WithPipelineInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantAdminIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TopicSettings topics;

    IntakeClient client;

    @BeforeAll
    void client() {
        client = new IntakeClient(port);
    }

    @Test
    void adminEndpointsNeedTheAdminToken() {
        var tenant = Map.of("name", "needs-token");
        var someId = UUID.randomUUID();
        for (var token : new String[] {null, "wrong", IntakeClient.ADMIN_TOKEN + "x", "sbk_" + "A".repeat(43)}) {
            assertThat(client.admin("POST", "/v1/admin/tenants", tenant, token).status()).isEqualTo(401);
            assertThat(client.admin("POST", "/v1/admin/tenants/" + someId + "/keys", null, token).status()).isEqualTo(401);
            assertThat(client.admin("DELETE", "/v1/admin/keys/" + someId, null, token).status()).isEqualTo(401);
        }
        assertThat(jdbc.sql("select count(*) from tenants where name = 'needs-token'").query(Long.class).single()).isZero();
        // control: the right token is let through
        assertThat(client.admin("POST", "/v1/admin/tenants", tenant, IntakeClient.ADMIN_TOKEN).status()).isEqualTo(201);
    }

    @Test
    void issuesKeysShownOnceAndStoredOnlyAsTheirHash() {
        var tenantId = client.createTenant("keys", null);
        var issued = client.issueKey(tenantId);

        assertThat(issued[1]).startsWith("sbk_").hasSize(47);
        var stored = jdbc.sql("select encode(key_hash, 'hex') from api_keys where key_id = ?::uuid")
                .param(issued[0]).query(String.class).single();
        assertThat(stored).isEqualTo(HexFormat.of().formatHex(dev.secondbrain.schemas.ApiKeys.hash(issued[1])));
        assertThat(client.postEvents(issued[1], List.of(Events.deleted("a", 1))).status()).isEqualTo(202);
    }

    @Test
    void answersNotFoundForUnknownTenantOrKeyAndBadRequestForInvalidInput() {
        var unknownTenant = client.admin("POST", "/v1/admin/tenants/" + UUID.randomUUID() + "/keys", null,
                IntakeClient.ADMIN_TOKEN);
        var unknownKey = client.admin("DELETE", "/v1/admin/keys/" + UUID.randomUUID(), null, IntakeClient.ADMIN_TOKEN);
        var blankName = client.admin("POST", "/v1/admin/tenants", Map.of("name", " "), IntakeClient.ADMIN_TOKEN);
        var zeroRate = client.admin("POST", "/v1/admin/tenants", Map.of("name", "z", "eventsPerSecond", 0),
                IntakeClient.ADMIN_TOKEN);
        var notUuid = client.admin("DELETE", "/v1/admin/keys/not-a-uuid", null, IntakeClient.ADMIN_TOKEN);

        assertThat(List.of(unknownTenant.status(), unknownKey.status(), blankName.status(), zeroRate.status(),
                notUuid.status())).containsExactly(404, 404, 400, 400, 400);
        assertThat(unknownTenant.contentType()).startsWith("application/problem+json");
        assertThat(blankName.contentType()).startsWith("application/problem+json");
    }

    @Test
    void rateLimitsTheTenantThatSendsTooFastAndNotAnother() {
        var slowKey = client.issueKey(client.createTenant("slow", 5))[1];
        var otherKey = client.issueKey(client.createTenant("other", null))[1];
        var fiveEvents = List.of(Events.deleted("1", 1), Events.deleted("2", 1), Events.deleted("3", 1),
                Events.deleted("4", 1), Events.deleted("5", 1));

        var slowFirst = client.postEvents(slowKey, fiveEvents);
        var slowSecond = client.postEvents(slowKey, fiveEvents);
        var otherFirst = client.postEvents(otherKey, fiveEvents);
        var otherSecond = client.postEvents(otherKey, fiveEvents);

        assertThat(slowFirst.status()).as("control: within its rate").isEqualTo(202);
        assertThat(slowSecond.status()).isEqualTo(429);
        assertThat(slowSecond.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(slowSecond.header("Retry-After"))).isBetween(1L, 2L);
        assertThat(otherFirst.status()).isEqualTo(202);
        assertThat(otherSecond.status()).isEqualTo(202);
    }

    @Test
    void refusesUnknownRevokedAndMalformedKeysWithTheSameAnswer() {
        var revokable = client.issueKey(client.createTenant("revoking", null));
        var event = List.of(Events.upserted("k.md", 1, "x"));
        assertThat(client.postEvents(revokable[1], event).status()).as("control: the key works").isEqualTo(202);
        assertThat(client.admin("DELETE", "/v1/admin/keys/" + revokable[0], null, IntakeClient.ADMIN_TOKEN).status())
                .isEqualTo(204);
        try (var topic = new TopicReader(topics.events())) {
            long before = topic.recordCount();

            var revoked = client.postEvents(revokable[1], event);
            var unknown = client.postEvents("sbk_" + "A".repeat(43), event);
            var malformed = client.postEvents("not-a-key", event);
            var missing = client.postEvents(null, event);

            for (var answer : List.of(revoked, unknown, malformed, missing)) {
                assertThat(answer.status()).isEqualTo(401);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.body()).isEqualTo(revoked.body());
                assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
            }
            assertThat(topic.recordCount()).isEqualTo(before);
        }
    }
}
