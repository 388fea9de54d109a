package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Destructive and control actions of the read API are in the tenant's audit log, listed at {@code GET /v1/audit}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.api.job-poll-interval=100ms")
@WithPipelineInfrastructure
class AuditIntegrationTests {

    @LocalServerPort
    int port;
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }

    Api api;
    Fixture fixture;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fixture = new Fixture(jdbc);
    }

    @Test
    void everyDestructiveActionIsRecordedWithItsKeyAndCount() {
        var client = fixture.tenant();
        fixture.documents(client, "d-", 1, 5);
        var ids = Api.json(Map.of("externalIds", List.of("d-0000001", "d-0000002")));
        api.post("/v1/documents/delete", client.key(), ids);
        api.post("/v1/documents/restore", client.key(), ids);
        api.post("/v1/documents/purge", client.key(), Api.json(Map.of("externalIds", List.of("d-0000003"))));
        var job = api.delete("/v1/documents", client.key()).json().get("jobId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/v1/jobs/" + job, client.key()).json().get("state").asString().equals("done"));
        api.post("/v1/jobs/" + job + "/revert", client.key(), "");
        var sync = fixture.sync(client, "notes", "completed");
        api.post("/v1/syncs/" + sync + "/revert", client.key(), "");

        var entries = entries(client, 2);

        assertThat(entries).extracting(e -> e.get("action").asString()).containsExactly(
                "sync_revert", "job_revert", "delete_all", "purge", "restore", "bulk_delete");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.get("actor").asString()).isEqualTo("key");
            assertThat(e.get("actorKeyId").asString()).isEqualTo(client.tenant().keyId().toString());
        });
        assertThat(entries.getLast().get("targetCount").asLong()).isEqualTo(2);
        assertThat(entries.get(2).get("details").get("jobId").asString()).isEqualTo(job);
    }

    @Test
    void aTenantSeesOnlyItsOwnAuditLog() {
        var mine = fixture.tenant();
        var theirs = fixture.tenant();
        fixture.document(theirs, "t", "text");
        api.post("/v1/documents/delete", theirs.key(), Api.json(Map.of("externalIds", List.of("t"))));

        assertThat(api.get("/v1/audit", mine.key()).json().get("items")).isEmpty();
        assertThat(api.get("/v1/audit", theirs.key()).json().get("items")).as("control").hasSize(1);
    }

    /** The whole log, newest first, {@code limit} at a time through the cursor. */
    private List<tools.jackson.databind.JsonNode> entries(Fixture.Client client, int limit) {
        var all = new ArrayList<tools.jackson.databind.JsonNode>();
        String cursor = null;
        do {
            var page = api.get("/v1/audit?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), client.key())
                    .json();
            page.get("items").forEach(all::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        return all;
    }
}
