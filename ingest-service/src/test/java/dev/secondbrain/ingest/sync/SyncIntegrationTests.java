package dev.secondbrain.ingest.sync;

import dev.secondbrain.ingest.Events;
import dev.secondbrain.ingest.IntakeClient;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.admin.token=" + IntakeClient.ADMIN_TOKEN)
@WithPipelineInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    IntakeClient client;
    String key;
    String otherKey;

    @BeforeAll
    void tenants() {
        client = new IntakeClient(port);
        key = client.issueKey(client.createTenant("acme", 100_000))[1];
        otherKey = client.issueKey(client.createTenant("other", 100_000))[1];
    }

    @Test
    void countsTheEventsOfAnOpenSyncAndRecordsTheTopicEndOffsetsAtCompletion() {
        var syncId = open(key, "gdrive");
        assertThat(client.postEvents(key, List.of(withSync(Events.upserted("a", 1, "x"), syncId),
                withSync(Events.upserted("b", 1, "y"), syncId), Events.upserted("c", 1, "z"))).status()).isEqualTo(202);

        var progress = post(key, "/v1/syncs/" + syncId + "/complete");
        assertThat(progress.status()).isEqualTo(200);
        assertThat(progress.json().get("state").asString()).isEqualTo("completing");
        assertThat(progress.json().get("received").asLong()).isEqualTo(2);
        var endOffsets = jdbc.sql("select end_offsets::text from sync_runs where sync_id = ?").param(UUID.fromString(syncId))
                .query(String.class).single();
        assertThat(endOffsets).as("every partition's end offset").contains("\"0\":").contains("\"3\":");

        assertThat(post(key, "/v1/syncs/" + syncId + "/complete").status()).as("only once").isEqualTo(409);
        assertThat(client.postEvents(key, List.of(withSync(Events.upserted("d", 1, "w"), syncId))).status())
                .as("a completed sync takes no more events").isEqualTo(400);
    }

    @Test
    void refusesEventsNamingAnUnknownOrForeignSyncAndPublishesNone() {
        var foreign = open(otherKey, "gdrive");
        var answer = client.postEvents(key, List.of(Events.upserted("a", 1, "x"),
                withSync(Events.upserted("b", 1, "y"), foreign)));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("syncId");
    }

    @Test
    void anotherTenantCannotSeeCompleteOrAbortASync() {
        var syncId = open(key, "notion");
        for (var path : List.of("/complete", "/abort", "/confirm-deletions")) {
            assertThat(post(otherKey, "/v1/syncs/" + syncId + path).status()).isEqualTo(404);
        }
        assertThat(client.send(client.request("/v1/syncs/" + syncId, otherKey).GET()).status()).isEqualTo(404);
        assertThat(client.send(client.request("/v1/syncs/" + syncId, key).GET()).json().get("state").asString())
                .isEqualTo("open");
    }

    @Test
    void confirmationOnlyAppliesToAHeldSyncAndAnAbortedSyncStaysAborted() {
        var syncId = open(key, "slack");
        assertThat(post(key, "/v1/syncs/" + syncId + "/confirm-deletions").status()).isEqualTo(409);
        assertThat(post(key, "/v1/syncs/" + syncId + "/abort").json().get("state").asString()).isEqualTo("aborted");
        assertThat(post(key, "/v1/syncs/" + syncId + "/complete").status()).isEqualTo(409);
    }

    @Test
    void refusesAnUnknownModeOrABadSource() {
        assertThat(client.send(client.request("/v1/syncs", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"gdrive\",\"mode\":\"delta\"}"))).status())
                .isEqualTo(400);
        assertThat(client.send(client.request("/v1/syncs", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"G Drive!\",\"mode\":\"full\"}"))).status())
                .isEqualTo(400);
    }

    private String open(String apiKey, String source) {
        var answer = client.send(client.request("/v1/syncs", apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"" + source + "\",\"mode\":\"full\"}")));
        assertThat(answer.status()).isEqualTo(201);
        return answer.json().get("syncId").asString();
    }

    private IntakeClient.Answer post(String apiKey, String path) {
        return client.send(client.request(path, apiKey).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static Map<String, Object> withSync(Map<String, Object> event, String syncId) {
        var copy = new HashMap<>(event);
        copy.put("syncId", syncId);
        return copy;
    }
}
