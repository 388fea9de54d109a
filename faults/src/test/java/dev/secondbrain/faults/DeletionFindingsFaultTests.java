package dev.secondbrain.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.embedded.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The four findings of the deletions issue, each as a new user would meet it on the running pipeline (intake,
 * worker with its sync sweeper, read API), each in a tenant of its own on one stack. Each failed on the code
 * before provenance-aware deletions; each carries the control that shows its check can fail.
 */
class DeletionFindingsFaultTests {

    private static Stack stack;
    private static String apiUrl;

    @BeforeAll
    static void start() {
        stack = Stack.start();
        stack.worker();
        apiUrl = "http://localhost:" + stack.api().port();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** Finding 1: a live event (no syncId) during a full sync creates a document the sync never listed. */
    @Test
    void aDocumentCreatedByALiveEventWhileAFullSyncRunsIsNotSweptByThatSync() {
        var tenant = new Tenant();
        tenant.events(upserts(1, 6, 1, null));
        tenant.events(List.of(upsert("d12", 1, "before the sync, not listed", null)));
        stack.awaitDrained(Duration.ofSeconds(60));

        var sync = tenant.openSync();
        tenant.events(upserts(1, 6, 1, sync));
        tenant.events(List.of(upsert("d11", 5, "created at the source during the sync", null)));
        tenant.completeAndAwait(sync, "completed");

        assertThat(tenant.live("d11")).as("created during the sync: never swept by it").isTrue();
        // control: the sweep did run and deleted what existed before the sync and was not listed
        assertThat(tenant.live("d12")).isFalse();
    }

    /** Finding 2: a document missing from one listing is swept; the next listing at the same version brings it back. */
    @Test
    void aDocumentSweptByOneSyncComesBackWhenTheNextSyncListsItAtItsUnchangedVersion() {
        var tenant = new Tenant();
        tenant.events(upserts(1, 10, 1, null));
        stack.awaitDrained(Duration.ofSeconds(60));

        var partial = tenant.openSync();
        tenant.events(upserts(1, 9, 1, partial));
        tenant.completeAndAwait(partial, "completed");
        // control: the partial listing did sweep d10
        assertThat(tenant.live("d10")).isFalse();

        var full = tenant.openSync();
        tenant.events(upserts(1, 10, 1, full));
        tenant.completeAndAwait(full, "completed");
        assertThat(tenant.live("d10")).as("listed again at its unchanged version: the source has it").isTrue();
        assertThat(tenant.api.get("/v1/documents/d10").json().path("content").asString()).isEqualTo("content of d10 v1");
    }

    /** Finding 3: a user delete can be undone through the API, and only through it. */
    @Test
    void aUserDeletedDocumentIsRestoredThroughTheApiAndNotByAResync() {
        var tenant = new Tenant();
        tenant.events(upserts(1, 3, 1, null));
        stack.awaitDrained(Duration.ofSeconds(60));
        var job = tenant.api.delete("/v1/documents").expect(202).path("jobId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "done".equals(tenant.api.get("/v1/jobs/" + job).json().path("state").asString()));

        // control: a re-sync of the same documents does not bring a user delete back
        tenant.events(upserts(1, 3, 1, null));
        stack.awaitDrained(Duration.ofSeconds(60));
        assertThat(tenant.live("d1")).isFalse();

        var restored = tenant.api.post("/v1/documents/restore", Map.of("externalIds", List.of("d1")));
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(tenant.live("d1")).isTrue();
        assertThat(tenant.api.get("/v1/documents/d1").json().path("content").asString()).isEqualTo("content of d1 v1");
        assertThat(tenant.live("d2")).as("only what was asked for").isFalse();
    }

    /** Finding 4: a row locked by a concurrent operation is not skipped while the sync reports completed. */
    @Test
    void theSweepDoesNotReportCompletedWhileAnUnseenDocumentLockedByAnotherTransactionIsStillLive() throws Exception {
        var tenant = new Tenant();
        tenant.events(upserts(1, 10, 1, null));
        stack.awaitDrained(Duration.ofSeconds(60));
        var sync = tenant.openSync();
        tenant.events(upserts(1, 9, 1, sync));
        stack.awaitDrained(Duration.ofSeconds(60));

        try (var other = DriverManager.getConnection(Infrastructure.postgres().jdbcUrl(stack.database()),
                PostgresServer.USER, "")) {
            other.setAutoCommit(false);
            // a concurrent bulk operation holds d10 (it changes nothing the sweep decides on)
            try (var lock = other.prepareStatement(
                    "update documents set updated_at = now() where tenant_id = ? and external_id = 'd10'")) {
                lock.setObject(1, tenant.id);
                assertThat(lock.executeUpdate()).isEqualTo(1);
            }
            tenant.ingest.post("/v1/syncs/" + sync + "/complete", null).expect(200);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "completed".equals(tenant.syncState(sync)) || sweeperWaitsForALock());
            if ("completed".equals(tenant.syncState(sync))) {
                assertThat(tenant.live("d10")).as("the sync reports completed, so d10 must be swept").isFalse();
            }
            other.commit();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(tenant.syncState(sync)));
        assertThat(tenant.live("d10")).as("swept once the lock is released").isFalse();
        // control: the listed documents are live
        assertThat(tenant.live("d9")).isTrue();
    }

    private static boolean sweeperWaitsForALock() {
        return stack.jdbc().queryForObject("""
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock' and query ilike '%update documents%'
                """, Long.class) > 0;
    }

    static List<Map<String, Object>> upserts(int from, int to, long version, UUID sync) {
        var events = new ArrayList<Map<String, Object>>();
        for (int i = from; i <= to; i++) {
            events.add(upsert("d" + i, version, "content of d" + i + " v" + version, sync));
        }
        return events;
    }

    static Map<String, Object> upsert(String id, long version, String content, UUID sync) {
        var event = new LinkedHashMap<String, Object>();
        event.put("type", "DocumentUpserted");
        event.put("externalId", id);
        event.put("source", "notes");
        event.put("version", version);
        event.put("title", id);
        event.put("content", content);
        if (sync != null) {
            event.put("syncId", sync.toString());
        }
        return event;
    }

    /** A tenant of its own with clients for the intake and the read API. */
    private static final class Tenant {
        final UUID id;
        final Http ingest;
        final Http api;

        Tenant() {
            var created = stack.tenants(1).getFirst();
            id = created.id();
            ingest = new Http(stack.ingestUrl(), created.key());
            api = new Http(apiUrl, created.key());
        }

        void events(List<Map<String, Object>> events) {
            ingest.post("/v1/events", Map.of("events", events)).expect(202);
        }

        UUID openSync() {
            return UUID.fromString(ingest.post("/v1/syncs", Map.of("source", "notes", "mode", "full")).expect(201)
                    .path("syncId").asString());
        }

        String syncState(UUID sync) {
            return ingest.get("/v1/syncs/" + sync).expect(200).path("state").asString();
        }

        void completeAndAwait(UUID sync, String state) {
            ingest.post("/v1/syncs/" + sync + "/complete", null).expect(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> state.equals(syncState(sync)));
        }

        boolean live(String externalId) {
            return stack.jdbc().queryForObject("""
                    select count(*) from documents where tenant_id = ? and external_id = ? and deleted_at is null""",
                    Long.class, id, externalId) == 1;
        }
    }
}
