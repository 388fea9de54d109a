package dev.secondbrain.ingest.sources;

import dev.secondbrain.ingest.Events;
import dev.secondbrain.ingest.IntakeClient;
import dev.secondbrain.ingest.TopicReader;
import dev.secondbrain.ingest.publish.TopicSettings;
import dev.secondbrain.schemas.CheckpointMarked;
import dev.secondbrain.schemas.EventCodec;
import dev.secondbrain.schemas.EventHeaders;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import dev.secondbrain.testkit.TestDatabase;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake's side of the connector platform, without a worker: pause and resume, checkpoints as markers on every
 * partition (never visible before a worker applied them), sync modes, heartbeats and pages of a source's syncs, and
 * every new endpoint's answer to bad, hostile and cross-tenant input (a clear 4xx, never a 500).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pipeline.admin.token=" + IntakeClient.ADMIN_TOKEN, "pipeline.sources.max-checkpoint-size=4KB",
                "pipeline.sources.paused-cache-ttl=2s"})
@WithPipelineInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourcesIntegrationTests {

    private static final String PAUSED_TYPE = "https://secondbrain.dev/problems/source-paused";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TopicSettings topics;

    IntakeClient client;
    TopicReader topic;
    String key;
    String otherKey;

    @BeforeAll
    void tenants() {
        client = new IntakeClient(port);
        key = client.issueKey(client.createTenant("acme", 100_000))[1];
        otherKey = client.issueKey(client.createTenant("other", 100_000))[1];
        topic = new TopicReader(topics.events());
    }

    @AfterAll
    void close() {
        topic.close();
    }

    @Test
    void aPausedSourceIsRefusedWith409ForEventsSyncsAndCheckpointsWhileOtherSourcesAreAccepted() {
        assertThat(client.postEvents(key, List.of(event("a", "drive"))).status()).as("control: before").isEqualTo(202);

        assertThat(post(key, "/v1/sources/drive/pause", "{}").status()).isEqualTo(200);
        long before = topic.recordCount();
        var refused = client.postEvents(key, List.of(event("b", "mail"), event("c", "drive")));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo(PAUSED_TYPE);
        assertThat(refused.json().get("sources").get(0).asString()).isEqualTo("drive");
        assertThat(topic.recordCount()).as("nothing of the request published").isEqualTo(before);
        assertThat(post(key, "/v1/syncs", "{\"source\":\"drive\"}").status()).isEqualTo(409);
        assertThat(post(key, "/v1/sources/drive/checkpoints", "{\"state\":1}").json().get("type").asString())
                .isEqualTo(PAUSED_TYPE);
        assertThat(client.postEvents(key, List.of(event("b", "mail"))).status()).as("another source").isEqualTo(202);
        assertThat(client.postEvents(otherKey, List.of(event("c", "drive"))).status()).as("another tenant")
                .isEqualTo(202);
        assertThat(source(key, "drive").get("paused").asBoolean()).isTrue();

        assertThat(post(key, "/v1/sources/drive/resume", "{}").status()).isEqualTo(200);
        assertThat(client.postEvents(key, List.of(event("c", "drive"))).status()).isEqualTo(202);
        assertThat(source(key, "drive").get("paused").asBoolean()).isFalse();
    }

    /*
     * The intake's hot path is Kafka: an events request reads a tenant's pauses from this instance's cache, so ten
     * requests ask the database at most once or twice (the 2 s cache), where each asked once before (the control).
     * A pause written by another instance (here: straight into the table) is refused once the cache is older.
     */
    @Test
    void eventsRequestsReadPausesFromTheCacheAndSeeAnotherInstancesPauseAfterItsTtl(@Autowired Environment environment) {
        var superuser = TestDatabase.superuser(environment);
        var tenantId = client.createTenant("cached", 100_000);
        var cachedKey = client.issueKey(tenantId)[1];
        superuser.sql("select pg_stat_statements_reset()").query((rs, n) -> 1).list();
        for (int i = 0; i < 10; i++) {
            assertThat(client.postEvents(cachedKey, List.of(event("cached-" + i, "cache"))).status()).isEqualTo(202);
        }
        long reads = superuser.sql("""
                select coalesce(sum(calls), 0) from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database())
                  and query ilike '%from sources where tenant_id%paused_at is not null%'""").query(Long.class).single();
        assertThat(reads).as("reads of the paused sources for 10 requests").isBetween(1L, 9L);

        superuser.sql("insert into sources (tenant_id, source, paused_at) values (?, 'cache', now())").param(tenantId).update();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                client.postEvents(cachedKey, List.of(event("late", "cache"))).status() == 409);
    }

    @Test
    void aPausedSourceCannotCompleteItsSync() {
        var syncId = open(key, "wiki", "full");
        post(key, "/v1/sources/wiki/pause", "{}");
        assertThat(post(key, "/v1/syncs/" + syncId + "/complete", "{}").status()).isEqualTo(409);
        post(key, "/v1/sources/wiki/resume", "{}");
        assertThat(post(key, "/v1/syncs/" + syncId + "/complete", "{}").status()).isEqualTo(200);
    }

    @Test
    void aCheckpointIsAMarkerOnEveryPartitionAfterTheEventsAndStaysInvisibleUntilAWorkerAppliedIt() {
        var from = topic.endOffsets();
        assertThat(client.postEvents(key, List.of(event("n1", "notes"), event("n2", "notes"))).status()).isEqualTo(202);
        var saved = post(key, "/v1/sources/notes/checkpoints", "{\"state\":{\"cursor\":\"abc\",\"n\":[1,2]},\"stream\":\"inbox\"}");
        assertThat(saved.status()).isEqualTo(202);
        var checkpointId = UUID.fromString(saved.json().get("checkpointId").asString());

        var records = topic.readAfter(from, 2 + from.size());
        var markerPartitions = new HashSet<Integer>();
        var lastEventOffset = new HashMap<Integer, Long>();
        var markerOffset = new HashMap<Integer, Long>();
        for (var record : records) {
            var type = new String(record.headers().lastHeader(EventHeaders.EVENT_TYPE).value(), StandardCharsets.UTF_8);
            if (type.equals(CheckpointMarked.TYPE)) {
                var marker = EventCodec.mapper().readValue(record.value(), CheckpointMarked.class);
                assertThat(marker.checkpointId()).isEqualTo(checkpointId);
                assertThat(marker.partitions()).isEqualTo(from.size());
                markerPartitions.add(record.partition());
                markerOffset.put(record.partition(), record.offset());
            } else {
                lastEventOffset.put(record.partition(), record.offset());
            }
        }
        assertThat(markerPartitions).as("one marker on every partition").hasSize(from.size());
        lastEventOffset.forEach((partition, offset) ->
                assertThat(markerOffset.get(partition)).as("after the events of partition " + partition).isGreaterThan(offset));

        assertThat(get(key, "/v1/sources/notes/checkpoint?stream=inbox").status()).as("no worker applied it").isEqualTo(404);
        // control: the state is stored; only its markers are not applied
        assertThat(jdbc.sql("select count(*) from checkpoints where checkpoint_id = ? and applied_at is null")
                .param(checkpointId).query(Long.class).single()).isEqualTo(1);
        assertThat(get(otherKey, "/v1/sources/notes/checkpoint?stream=inbox").status()).isEqualTo(404);
    }

    @Test
    void listsASourcesSyncsNewestFirstAPageAtATimeAndOnlyTheTenantsOwn() {
        var opened = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            opened.add(open(key, "paged", i % 2 == 0 ? "full" : "incremental"));
        }
        open(otherKey, "paged", "full");
        open(key, "elsewhere", "full");

        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            var page = get(key, "/v1/sources/paged/syncs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("syncs").forEach(s -> seen.add(s.get("syncId").asString()));
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(opened.reversed());
        assertThat(get(otherKey, "/v1/sources/paged/syncs").json().get("syncs")).hasSize(1);
    }

    @Test
    void aSyncDeclaresItsModeAndExpectedAndAHeartbeatMakesAStalledSyncOpenAgain() {
        var syncId = UUID.fromString(open(key, "feeds", "incremental", 1000L));
        var progress = get(key, "/v1/syncs/" + syncId).json();
        assertThat(progress.get("mode").asString()).isEqualTo("incremental");
        assertThat(progress.get("expected").asLong()).isEqualTo(1000);
        assertThat(progress.has("ratePerSecond")).isTrue();
        assertThat(progress.has("etaSeconds")).isTrue();

        jdbc.sql("update sync_runs set state = 'stalled' where sync_id = ?").param(syncId).update();
        assertThat(post(otherKey, "/v1/syncs/" + syncId + "/heartbeat", "{}").status()).isEqualTo(404);
        var beat = post(key, "/v1/syncs/" + syncId + "/heartbeat", "{}");
        assertThat(beat.status()).isEqualTo(200);
        assertThat(beat.json().get("state").asString()).isEqualTo("open");

        post(key, "/v1/syncs/" + syncId + "/abort", "{}");
        assertThat(post(key, "/v1/syncs/" + syncId + "/heartbeat", "{}").status()).as("not open").isEqualTo(409);
    }

    @Test
    void theSourcesListShowsTheTenantsSourcesOnly() {
        open(key, "listed", "full");
        post(otherKey, "/v1/sources/hidden/pause", "{}");
        var sources = get(key, "/v1/sources").json().get("sources");
        var names = new ArrayList<String>();
        sources.forEach(s -> names.add(s.get("source").asString()));
        assertThat(names).contains("listed").doesNotContain("hidden");
        assertThat(source(key, "listed").get("lastSyncState").asString()).isEqualTo("open");
        assertThat(source(key, "listed").get("liveDocuments").asLong()).isZero();
    }

    @Test
    void badHostileAndOversizedInputToEveryNewEndpointIsAClear4xx() {
        var bodies = List.of("", "not json", "[1]", "{}", "{\"state\":null}", "{\"state\":1,\"tenantId\":\"x\"}",
                "{\"state\":1,\"stream\":5}", "{\"state\":1,\"stream\":\"" + "s".repeat(200) + "\"}",
                "{\"state\":1,\"stream\":\"bad stream\"}", "{\"state\":\"a\\u0000b\"}", "{\"state\":\"\\ud800\"}",
                "{\"state\":{\"k\\u0000\":1}}", "{\"state\":1,\"state\":2}", "{\"state\":" + "[".repeat(40) + "]".repeat(40) + "}",
                "{\"state\":1}trailing");
        for (var body : bodies) {
            var answer = post(key, "/v1/sources/notes/checkpoints", body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
            assertThat(answer.body()).as(body).doesNotContain("Exception").doesNotContain("at dev.");
        }
        var invalidUtf8 = client.send(client.request("/v1/sources/notes/checkpoints", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', 's', 't', 'a', 't', 'e', '"', ':',
                        '"', (byte) 0xC3, '"', '}'})));
        assertThat(invalidUtf8.status()).isEqualTo(400);
        var big = post(key, "/v1/sources/notes/checkpoints", "{\"state\":\"" + "x".repeat(5000) + "\"}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(post(key, "/v1/sources/notes/checkpoints", "{\"state\":\"\\ud83d\\ude00 ok\"}").status())
                .as("control: a well-formed surrogate pair").isEqualTo(202);

        for (var path : List.of("/v1/sources/NOTES/pause", "/v1/sources/a%20b/resume", "/v1/sources/-x/checkpoints")) {
            assertThat(post(key, path, "{\"state\":1}").status()).as(path).isEqualTo(400);
        }
        for (var path : List.of("/v1/sources/UP/checkpoint", "/v1/sources/notes/checkpoint?stream=%00",
                "/v1/sources/notes/syncs?limit=0", "/v1/sources/notes/syncs?limit=201",
                "/v1/sources/notes/syncs?limit=abc", "/v1/sources/notes/syncs?cursor=%25%25%25",
                "/v1/sources/notes/syncs?cursor=bm90IGEgY3Vyc29y", "/v1/syncs/not-a-uuid")) {
            var answer = get(key, path);
            assertThat(answer.status()).as(path).isBetween(400, 404);
        }
        assertThat(post(key, "/v1/syncs", "{\"source\":\"notes\",\"mode\":\"incremental\",\"expected\":-1}").status())
                .isEqualTo(400);
        assertThat(post(key, "/v1/syncs", "{\"source\":\"notes\",\"mode\":\"delta\"}").status()).isEqualTo(400);
        assertThat(post(key, "/v1/syncs/" + UUID.randomUUID() + "/heartbeat", "{}").status()).isEqualTo(404);
    }

    private tools.jackson.databind.JsonNode source(String apiKey, String name) {
        for (var s : get(apiKey, "/v1/sources").json().get("sources")) {
            if (s.get("source").asString().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no source " + name);
    }

    private String open(String apiKey, String source, String mode) {
        return open(apiKey, source, mode, null);
    }

    private String open(String apiKey, String source, String mode, Long expected) {
        var answer = post(apiKey, "/v1/syncs", "{\"source\":\"" + source + "\",\"mode\":\"" + mode + "\""
                + (expected == null ? "" : ",\"expected\":" + expected) + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("syncId").asString();
    }

    private IntakeClient.Answer post(String apiKey, String path, String body) {
        return client.send(client.request(path, apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private IntakeClient.Answer get(String apiKey, String path) {
        return client.send(client.request(path, apiKey).GET());
    }

    private static Map<String, Object> event(String externalId, String source) {
        var event = new HashMap<>(Events.upserted(externalId, 1, "content of " + externalId));
        event.put("source", source);
        return event;
    }
}
