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
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restore, purge, job and sync revert, the trash and the plan of a held sweep, through HTTP on a real
 * PostgreSQL; after each transition the tenant's counters equal a direct count of its live documents.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pipeline.api.job-poll-interval=200ms", "pipeline.api.delete-chunk-size=7"})
@WithPipelineInfrastructure
class DeletionIntegrationTests {

    @LocalServerPort
    int port;
    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }

    Api api;
    Fixture fixture;
    Fixture.Client client;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fixture = new Fixture(jdbc);
        client = fixture.tenant();
        fixture.documents(client, "doc-", 1, 40);
    }

    @Test
    void restoreBringsUserDeletesBackWholeAndSaysWhichWereErased() {
        post("/v1/documents/delete", ids(1, 3));
        post("/v1/documents/purge", ids(3, 3));
        fixture.deletedBySource(client, "doc-0000004");
        assertThat(total()).isEqualTo(36);

        var restored = post("/v1/documents/restore", ids(1, 5));

        assertThat(restored).isEqualTo(Map.of("matched", 4L, "changed", 2L, "purged", 2L));
        var one = api.get("/v1/documents/doc-0000001", client.key());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("content").asString()).startsWith("Notes number 1 ");
        assertThat(one.json().has("deletion")).as("a live document has no provenance").isFalse();
        assertThat(total()).isEqualTo(38);
        // control: the erased and the source-deleted stay deleted
        assertThat(api.get("/v1/documents/doc-0000003", client.key()).status()).isEqualTo(404);
        assertThat(api.get("/v1/documents/doc-0000004", client.key()).status()).isEqualTo(404);
        assertThat(post("/v1/documents/restore", ids(1, 5))).containsEntry("changed", 0L);
    }

    @Test
    void aTombstoneShowsItsProvenanceOnlyWhenAskedFor() {
        post("/v1/documents/delete", ids(1, 1));
        post("/v1/documents/purge", ids(2, 2));
        var sync = fixture.sync(client, "slack", "completed");
        fixture.sweptBy(client, sync, "doc-0000005");
        fixture.deletedBySource(client, "doc-0000006");

        assertThat(api.get("/v1/documents/doc-0000001", client.key()).status()).isEqualTo(404);
        var user = deletion("doc-0000001");
        assertThat(user.get("deletedBy").asString()).isEqualTo("user");
        assertThat(user.get("keyId").asString()).isEqualTo(client.tenant().keyId().toString());
        assertThat(user.get("reason").asString()).isEqualTo("bulk delete");
        assertThat(user.get("purged").asBoolean()).isFalse();
        assertThat(user.get("deletedAt").isNull()).isFalse();
        assertThat(deletion("doc-0000002").get("reason").asString()).isEqualTo("erasure");
        assertThat(deletion("doc-0000002").get("purged").asBoolean()).isTrue();
        assertThat(deletion("doc-0000005").get("reason").asString()).isEqualTo("not listed by full sync " + sync);
        assertThat(deletion("doc-0000005").get("syncId").asString()).isEqualTo(sync.toString());
        assertThat(deletion("doc-0000006").get("reason").asString()).isEqualTo("DocumentDeleted at version 1");
        assertThat(api.get("/v1/documents/doc-0000002?includeDeleted=true", client.key()).json().get("content")
                .isNull()).isTrue();
        // control: another tenant's tombstone is not found, flag or not
        var other = fixture.tenant();
        assertThat(api.get("/v1/documents/doc-0000001?includeDeleted=true", other.key()).status()).isEqualTo(404);
        assertThat(api.get("/v1/documents/doc-0000001?includeDeleted=maybe", client.key()).status()).isEqualTo(400);
    }

    @Test
    void theTrashListsTombstonesInKeyOrderWithProvenancePageByPage() {
        post("/v1/documents/delete", ids(1, 25));
        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            var page = api.get("/v1/documents?deleted=true&limit=10" + (cursor == null ? "" : "&cursor=" + cursor),
                    client.key()).json();
            page.get("items").forEach(item -> {
                seen.add(item.get("externalId").asString());
                assertThat(item.get("deletion").get("deletedBy").asString()).isEqualTo("user");
            });
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(ids(1, 25));
        // control: the live list holds the others, without provenance
        var live = api.get("/v1/documents?limit=200", client.key()).json().get("items");
        assertThat(live.size()).isEqualTo(15);
        assertThat(live.get(0).has("deletion")).isFalse();
        var liveCursor = api.get("/v1/documents?limit=1", client.key()).json().get("nextCursor").asString();
        assertThat(api.get("/v1/documents?deleted=true&cursor=" + liveCursor, client.key()).status())
                .as("a cursor of the live list does not page the trash").isEqualTo(400);
        assertThat(api.get("/v1/documents?deleted=true&source=slack", client.key()).status()).isEqualTo(400);
        assertThat(api.get("/v1/documents?deleted=maybe", client.key()).status()).isEqualTo(400);
    }

    @Test
    void aDeleteAllJobIsRevertedInChunksAndOnlyWhatItDeletedComesBack() {
        post("/v1/documents/delete", ids(1, 2));
        var job = api.delete("/v1/documents", client.key()).json().get("jobId").asString();
        awaitDone(job);
        post("/v1/documents/purge", ids(3, 3));
        assertThat(total()).isZero();

        var revert = api.post("/v1/jobs/" + job + "/revert", client.key(), null);
        assertThat(revert.status()).isEqualTo(202);
        var revertJob = revert.json().get("jobId").asString();
        awaitDone(revertJob);

        var status = api.get("/v1/jobs/" + revertJob, client.key()).json();
        assertThat(status.get("kind").asString()).isEqualTo("revert_job");
        assertThat(status.get("targetId").asString()).isEqualTo(job);
        assertThat(status.get("done").asLong()).isEqualTo(37);
        assertThat(total()).isEqualTo(37);
        // control: the user's own deletes before the job and the erased one stay deleted
        assertThat(api.get("/v1/documents/doc-0000001", client.key()).status()).isEqualTo(404);
        assertThat(api.get("/v1/documents/doc-0000003", client.key()).status()).isEqualTo(404);
        assertThat(api.post("/v1/jobs/" + job + "/revert", client.key(), null).json().get("jobId").asString())
                .as("asking again returns the same revert").isEqualTo(revertJob);
        assertThat(api.post("/v1/jobs/" + revertJob + "/revert", client.key(), null).status())
                .as("a revert job is not a delete-all").isEqualTo(409);
        assertThat(api.post("/v1/jobs/" + job + "/revert", fixture.tenant().key(), null).status()).isEqualTo(404);
        assertThat(api.post("/v1/jobs/" + UUID.randomUUID() + "/revert", client.key(), null).status()).isEqualTo(404);
        assertThat(api.post("/v1/jobs/not-a-uuid/revert", client.key(), null).status()).isEqualTo(400);
    }

    @Test
    void aSyncRevertRestoresWhatItsSweepDeletedAndTheSyncSaysSo() {
        var sync = fixture.sync(client, "slack", "completed");
        var other = fixture.sync(client, "slack", "completed");
        for (var id : ids(1, 9)) {
            fixture.sweptBy(client, sync, id);
        }
        fixture.sweptBy(client, other, "doc-0000010");
        post("/v1/documents/purge", ids(9, 9));

        var revert = api.post("/v1/syncs/" + sync + "/revert", client.key(), null);
        assertThat(revert.status()).isEqualTo(202);
        awaitDone(revert.json().get("jobId").asString());

        assertThat(total()).isEqualTo(38);
        assertThat(api.get("/v1/documents/doc-0000001", client.key()).status()).isEqualTo(200);
        assertThat(jdbc.sql("select state from sync_runs where sync_id = ?").param(sync).query(String.class).single())
                .isEqualTo("reverted");
        // control: another sync's sweep and the erased document stay deleted
        assertThat(api.get("/v1/documents/doc-0000010", client.key()).status()).isEqualTo(404);
        assertThat(api.get("/v1/documents/doc-0000009", client.key()).status()).isEqualTo(404);
        assertThat(api.post("/v1/syncs/" + sync + "/revert", client.key(), null).json().get("jobId").asString())
                .isEqualTo(revert.json().get("jobId").asString());
        var open = fixture.sync(client, "slack", "open");
        assertThat(api.post("/v1/syncs/" + open + "/revert", client.key(), null).status()).isEqualTo(409);
        assertThat(api.post("/v1/syncs/" + other + "/revert", fixture.tenant().key(), null).status()).isEqualTo(404);
        assertThat(api.post("/v1/syncs/x/revert", client.key(), null).status()).isEqualTo(400);
    }

    @Test
    void aHeldSyncListsExactlyWhatItsSweepWouldDelete() {
        var sync = fixture.sync(client, "slack", "needs_confirmation");
        // seen by the sync, or applied after it opened: not to be deleted
        jdbc.sql("update documents set last_sync_id = ? where tenant_id = ? and external_id = 'doc-0000004'")
                .params(sync, client.id()).update();
        jdbc.sql("update documents set applied_seq = nextval('document_applied_seq') where tenant_id = ? "
                + "and external_id = 'doc-0000008'").param(client.id()).update();

        var listed = new ArrayList<String>();
        String cursor = null;
        do {
            var page = api.get("/v1/syncs/" + sync + "/deletions?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                    client.key());
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(item -> listed.add(item.get("externalId").asString()));
            var next = page.json().get("nextCursor");
            cursor = next.isNull() ? null : next.asString();
        } while (cursor != null);

        // slack is every fourth document (i % 4 == 0): 4, 8, ..., 40
        assertThat(listed).containsExactlyElementsOf(IntStream.rangeClosed(3, 10).mapToObj(i -> "doc-%07d".formatted(i * 4))
                .toList());
        var open = fixture.sync(client, "slack", "open");
        assertThat(api.get("/v1/syncs/" + open + "/deletions", client.key()).status()).isEqualTo(409);
        assertThat(api.get("/v1/syncs/" + sync + "/deletions", fixture.tenant().key()).status()).isEqualTo(404);
        assertThat(api.get("/v1/syncs/" + sync + "/deletions?cursor=forged", client.key()).status()).isEqualTo(400);
        assertThat(api.get("/v1/syncs/" + sync + "/deletions?limit=201", client.key()).status()).isEqualTo(400);
    }

    @Test
    void restoreAndPurgeRefuseMalformedAndOversizedRequestsAndStayInTheirTenant() {
        var other = fixture.tenant();
        fixture.document(other, "doc-0000001", "same id, other tenant");
        for (var path : List.of("/v1/documents/restore", "/v1/documents/purge")) {
            for (var body : List.of(Api.json(Map.of("externalIds", ids(1, 1001))), Api.json(Map.of("externalIds", List.of())),
                    Api.json(Map.of("externalIds", List.of("x".repeat(513)))), "{\"externalIds\": \"doc\"}", "[",
                    Api.json(Map.of("externalIds", List.of("a\u0000b"))))) {
                var response = api.post(path, client.key(), body);
                assertThat(response.status()).as("%s %s", path, body.length() > 80 ? body.substring(0, 80) : body)
                        .isEqualTo(400);
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }
        var hostile = post("/v1/documents/purge", List.of("doc-0000001' or '1'='1", "%", "doc-0000002"));
        assertThat(hostile).isEqualTo(Map.of("matched", 1L, "changed", 1L));
        // control: the same id of another tenant is untouched by this tenant's purge
        post("/v1/documents/purge", ids(1, 1));
        assertThat(api.get("/v1/documents/doc-0000001", other.key()).json().get("content").asString())
                .isEqualTo("same id, other tenant");

        // another tenant's tombstone is neither restored nor listed in this tenant's trash
        post("/v1/documents/delete", ids(5, 5));
        var theirs = api.post("/v1/documents/delete", other.key(), Api.json(Map.of("externalIds", List.of("doc-0000001"))));
        assertThat(theirs.json().get("changed").asLong()).isEqualTo(1);
        assertThat(post("/v1/documents/restore", List.of("doc-0000001"))).containsEntry("changed", 0L);
        assertThat(api.get("/v1/documents/doc-0000001?includeDeleted=true", other.key()).json().get("deletion")
                .get("deletedBy").asString()).isEqualTo("user");
        var trash = api.get("/v1/documents?deleted=true", other.key()).json().get("items");
        assertThat(trash.size()).isEqualTo(1);
        assertThat(api.get("/v1/syncs/not-a-uuid/deletions", client.key()).status()).isEqualTo(400);
    }

    private JsonNodeView deletion(String id) {
        var response = api.get("/v1/documents/" + id + "?includeDeleted=true", client.key());
        assertThat(response.status()).isEqualTo(200);
        return new JsonNodeView(response.json().get("deletion"));
    }

    private record JsonNodeView(tools.jackson.databind.JsonNode node) {
        tools.jackson.databind.JsonNode get(String field) {
            return node.get(field);
        }
    }

    private Map<String, Long> post(String path, List<String> ids) {
        var response = api.post(path, client.key(), Api.json(Map.of("externalIds", ids)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        var result = new java.util.TreeMap<String, Long>();
        response.json().properties().forEach(e -> result.put(e.getKey(), e.getValue().asLong()));
        return result;
    }

    private void awaitDone(String job) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "done".equals(api.get("/v1/jobs/" + job, client.key()).json().get("state").asString()));
    }

    /** Live documents by the counters the statistics read, checked against a direct count. */
    private long total() {
        var counted = jdbc.sql("select coalesce(sum(n), 0) from document_counts where tenant_id = ? and dimension = 'total'")
                .param(client.id()).query(Long.class).single();
        var direct = jdbc.sql("select count(*) from documents where tenant_id = ? and deleted_at is null")
                .param(client.id()).query(Long.class).single();
        assertThat(counted).as("counters equal a direct count").isEqualTo(direct);
        assertThat(api.get("/v1/stats", client.key()).json().get("total").asLong()).isEqualTo(direct);
        return direct;
    }

    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj("doc-%07d"::formatted).toList();
    }
}
