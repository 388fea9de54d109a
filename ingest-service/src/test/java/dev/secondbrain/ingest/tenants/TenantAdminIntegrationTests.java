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
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import dev.secondbrain.testkit.TestDatabase;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    Environment environment;
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
        var unknownTenant = client.admin("POST", "/v1/admin/tenants/" + UUID.randomUUID() + "/keys",
                Map.of("scopes", List.of("events:write")), IntakeClient.ADMIN_TOKEN);
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

    @Test
    void aKeyCarriesTheScopesItWasIssuedWithAndNoOther() {
        var tenant = client.createTenant("scoped", null);
        var issued = client.admin("POST", "/v1/admin/tenants/" + tenant + "/keys",
                Map.of("scopes", List.of("documents:read")), IntakeClient.ADMIN_TOKEN);
        var readOnly = issued.json().get("key").asString();
        var connector = client.issueKey(tenant, List.of("events:write"))[1];

        var refused = client.postEvents(readOnly, List.of(Events.deleted("a", 1)));

        assertThat(issued.json().get("scopes").toString()).isEqualTo("[\"documents:read\"]");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("missingScope").asString()).isEqualTo("events:write");
        assertThat(client.postEvents(connector, List.of(Events.deleted("a", 1))).status())
                .as("control: a key with the scope").isEqualTo(202);
    }

    @Test
    void aKeyMustNameKnownScopes() {
        var tenant = client.createTenant("no-scopes", null);
        var path = "/v1/admin/tenants/" + tenant + "/keys";

        var none = client.admin("POST", path, Map.of(), IntakeClient.ADMIN_TOKEN);
        var empty = client.admin("POST", path, Map.of("scopes", List.of()), IntakeClient.ADMIN_TOKEN);
        var unknown = client.admin("POST", path, Map.of("scopes", List.of("everything")), IntakeClient.ADMIN_TOKEN);
        var past = client.admin("POST", path, Map.of("scopes", List.of("events:write"),
                "expiresAt", OffsetDateTime.now().minusDays(1).toString()), IntakeClient.ADMIN_TOKEN);

        assertThat(List.of(none.status(), empty.status(), unknown.status(), past.status()))
                .containsExactly(400, 400, 400, 400);
        assertThat(jdbc.sql("select count(*) from api_keys where tenant_id = ?").param(tenant).query(Long.class)
                .single()).isZero();
    }

    @Test
    void anExpiredKeyIsRefusedLikeAnUnknownOne() {
        var tenant = client.createTenant("expiring", null);
        var issued = client.admin("POST", "/v1/admin/tenants/" + tenant + "/keys", Map.of("scopes",
                List.of("events:write"), "expiresAt", OffsetDateTime.now().plusSeconds(3).toString()),
                IntakeClient.ADMIN_TOKEN);
        var key = issued.json().get("key").asString();
        var event = List.of(Events.deleted("e", 1));
        assertThat(client.postEvents(key, event).status()).as("control: valid until it expires").isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> client.postEvents(key, event).status() == 401);
        assertThat(client.postEvents(key, event).body())
                .isEqualTo(client.postEvents("sbk_" + "A".repeat(43), event).body());
    }

    @Test
    void aKeyRecordsItsLastUseAtMostOnceAMinute() {
        var issued = client.issueKey(client.createTenant("used", null), List.of("events:write"));
        var lastUsed = "select last_used_at from api_keys where key_id = ?::uuid";
        assertThat(jdbc.sql(lastUsed).param(issued[0]).query(OffsetDateTime.class).optional())
                .as("control: never used").isEmpty();

        client.postEvents(issued[1], List.of(Events.deleted("u", 1)));
        var first = jdbc.sql(lastUsed).param(issued[0]).query(OffsetDateTime.class).single();
        for (int i = 0; i < 5; i++) {
            client.postEvents(issued[1], List.of(Events.deleted("u", 2 + i)));
        }

        assertThat(first).isNotNull();
        assertThat(jdbc.sql(lastUsed).param(issued[0]).query(OffsetDateTime.class).single()).isEqualTo(first);
    }

    @Test
    void aTenantAdminKeyManagesItsOwnTenantsKeysOnly() {
        var own = client.createTenant("own", null);
        var other = client.issueKey(client.createTenant("other", null), List.of("events:write"));
        var admin = client.issueKey(own, List.of("tenant:admin"))[1];

        var issued = client.send(client.request("/v1/keys", admin).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"scopes\":[\"events:write\"]}")));
        var listed = client.send(client.request("/v1/keys", admin).GET());
        var foreign = client.send(client.request("/v1/keys/" + other[0], admin).DELETE());
        var ownKey = issued.json().get("keyId").asString();
        var revoked = client.send(client.request("/v1/keys/" + ownKey, admin).DELETE());

        assertThat(issued.status()).isEqualTo(201);
        assertThat(listed.json()).hasSize(2);
        assertThat(listed.body()).doesNotContain("sbk_");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(client.postEvents(other[1], List.of(Events.deleted("o", 1))).status())
                .as("the other tenant's key still works").isEqualTo(202);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(client.postEvents(issued.json().get("key").asString(), List.of(Events.deleted("o", 1))).status())
                .isEqualTo(401);
    }

    @Test
    void issuingAndRevokingKeysIsAudited() {
        var tenant = client.createTenant("audited", null);
        var issued = client.issueKey(tenant, List.of("events:write"));
        client.admin("DELETE", "/v1/admin/keys/" + issued[0], null, IntakeClient.ADMIN_TOKEN);
        var audit = TestDatabase.superuser(environment);

        var entries = audit.sql("""
                select action || ' by ' || actor || ' of ' || (details->>'keyId') from audit_log
                where tenant_id = ? order by audit_id""").param(tenant).query(String.class).list();

        assertThat(entries).containsExactly("key_issued by admin of " + issued[0],
                "key_revoked by admin of " + issued[0]);
    }

    @Test
    void aDeadLetterReplayIsAuditedForEachTenantItTouched() {
        var tenant = client.createTenant("replayed", null);
        var unknown = UUID.randomUUID();

        var recorded = client.admin("POST", "/v1/admin/audit", Map.of("action", "dead_letter_replay",
                "counts", Map.of(tenant.toString(), 3, unknown.toString(), 1)), IntakeClient.ADMIN_TOKEN);
        var otherAction = client.admin("POST", "/v1/admin/audit", Map.of("action", "purge",
                "counts", Map.of(tenant.toString(), 1)), IntakeClient.ADMIN_TOKEN);

        assertThat(recorded.status()).isEqualTo(201);
        assertThat(recorded.json().get("tenants").asInt()).as("the unknown tenant gets no entry").isEqualTo(1);
        assertThat(otherAction.status()).as("only a replay is reported from outside").isEqualTo(400);
        assertThat(TestDatabase.superuser(environment).sql("""
                select action || ' ' || actor || ' ' || target_count from audit_log where tenant_id = ?""")
                .param(tenant).query(String.class).list()).containsExactly("dead_letter_replay admin 3");
    }

    @Test
    void aTenantOverItsRateIsRefusedBeforeItsBodyIsRead() throws Exception {
        var key = client.issueKey(client.createTenant("slow-body", 1))[1];
        assertThat(client.postEvents(key, List.of(Events.deleted("1", 1), Events.deleted("2", 1))).status())
                .as("control: admitted, and leaves the bucket in debt").isEqualTo(202);
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            // a 5 MB body announced, never sent: only an answer before reading it can come back
            socket.getOutputStream().write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + key + "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();

            assertThat(status).startsWith("HTTP/1.1 429");
        }
    }
}
