package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the page's sources and health views read: each source with its documents, latest and unfinished syncs;
 * confirming a held sync's deletions; the tenant's freshness. Against a real PostgreSQL, through HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
class SourcesIntegrationTests {

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
        // four sources: slack, gmail, gdrive, notion; 10 documents each
        fixture.documents(client, "doc-", 1, 40);
    }

    @Test
    void listsEverySourceWithItsDocumentsLatestSyncAndUnfinishedSyncs() {
        var older = sync("slack", "completed", "2026-01-01T00:00:00Z", 10, 8, 2, 3);
        var held = sync("slack", "needs_confirmation", "2026-01-02T00:00:00Z", 10, 10, 0, 0);
        sync("gmail", "aborted", "2026-01-03T00:00:00Z", 1, 0, 0, 0);
        sync("jira", "open", "2026-01-04T00:00:00Z", 5, 2, 0, 0); // a source with a sync and no document yet
        var other = fixture.tenant();
        fixture.sync(other, "secret-source", "open");

        var listing = api.get("/v1/sources", client.key());

        assertThat(listing.status()).isEqualTo(200);
        var names = new ArrayList<String>();
        listing.json().get("items").forEach(item -> names.add(item.get("source").asString()));
        assertThat(names).containsExactly("gdrive", "gmail", "jira", "notion", "slack");
        var slack = listing.json().get("items").get(4);
        assertThat(slack.get("documents").asLong()).isEqualTo(10);
        assertThat(slack.get("lastSync").get("syncId").asString()).isEqualTo(held.toString());
        assertThat(slack.get("lastSync").get("state").asString()).isEqualTo("needs_confirmation");
        assertThat(slack.get("unfinished")).hasSize(1);
        assertThat(slack.get("unfinished").get(0).get("syncId").asString()).isEqualTo(held.toString());
        assertThat(older).isNotEqualTo(held);
        var jira = listing.json().get("items").get(2);
        assertThat(jira.get("documents").asLong()).isZero();
        assertThat(jira.get("lastSync").get("received").asLong()).isEqualTo(5);
        assertThat(jira.get("lastSync").get("applied").asLong()).isEqualTo(2);
        assertThat(listing.json().get("items").get(0).get("lastSync").isNull()).isTrue();
        assertThat(listing.body()).doesNotContain("secret-source");
    }

    @Test
    void confirmingAHeldSyncStartsItsSweepOnceAndIsAudited() {
        var held = fixture.sync(client, "slack", "needs_confirmation");

        var confirmed = api.post("/v1/syncs/" + held + "/confirm-deletions", client.key(), null);

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("state").asString()).isEqualTo("sweeping");
        assertThat(state(held)).isEqualTo("sweeping");
        assertThat(jdbc.sql("select count(*) from audit_log where tenant_id = ? and action = 'sync_confirm_deletions' "
                + "and actor_key_id = ? and details->>'syncId' = ?").params(client.id(), client.tenant().keyId(),
                held.toString()).query(Long.class).single()).isEqualTo(1);
        // control: a second confirmation finds it sweeping and changes nothing
        assertThat(api.post("/v1/syncs/" + held + "/confirm-deletions", client.key(), null).status()).isEqualTo(409);
    }

    @Test
    void confirmingRefusesOtherStatesOtherTenantsAndMalformedIds() {
        var open = fixture.sync(client, "slack", "open");
        var othersHeld = fixture.sync(fixture.tenant(), "slack", "needs_confirmation");

        var wrongState = api.post("/v1/syncs/" + open + "/confirm-deletions", client.key(), null);
        var foreign = api.post("/v1/syncs/" + othersHeld + "/confirm-deletions", client.key(), null);
        var malformed = api.post("/v1/syncs/not-a-uuid/confirm-deletions", client.key(), null);

        assertThat(wrongState.status()).isEqualTo(409);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(400);
        for (var response : new Api.Response[]{wrongState, foreign, malformed}) {
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(state(open)).isEqualTo("open");
        assertThat(state(othersHeld)).isEqualTo("needs_confirmation");
    }

    @Test
    void freshnessShowsTheLastAppliedWriteAndWhatUnfinishedSyncsHaveNotApplied() {
        jdbc.sql("update documents set updated_at = '2026-03-01T10:00:00Z' where tenant_id = ?").param(client.id())
                .update();
        jdbc.sql("update documents set updated_at = '2026-03-02T10:00:00Z' where tenant_id = ? and external_id = 'doc-0000007'")
                .param(client.id()).update();
        // a later write to a deleted document is not a live one
        jdbc.sql("update documents set updated_at = '2026-03-05T10:00:00Z', deleted_at = now(), deleted_by = 'user' "
                + "where tenant_id = ? and external_id = 'doc-0000008'").param(client.id()).update();
        sync("slack", "open", "2026-02-01T00:00:00Z", 10, 4, 1, 0);
        sync("gmail", "sweeping", "2026-02-03T00:00:00Z", 3, 3, 0, 0);
        sync("notion", "completed", "2026-01-01T00:00:00Z", 100, 1, 0, 0);

        var freshness = api.get("/v1/freshness", client.key()).json();

        assertThat(java.time.OffsetDateTime.parse(freshness.get("lastAppliedAt").asString()).toInstant())
                .isEqualTo(java.time.Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(freshness.get("unfinishedSyncs").asLong()).isEqualTo(2);
        assertThat(java.time.OffsetDateTime.parse(freshness.get("oldestUnfinishedSyncSince").asString()).toInstant())
                .isEqualTo(java.time.Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(freshness.get("syncEventsNotApplied").asLong()).isEqualTo(5);

        var empty = api.get("/v1/freshness", fixture.tenant().key()).json();
        assertThat(empty.get("lastAppliedAt").isNull()).isTrue();
        assertThat(empty.get("unfinishedSyncs").asLong()).isZero();
    }

    private UUID sync(String source, String state, String createdAt, long received, long applied, long unchanged,
                      long deleted) {
        var sync = UUID.randomUUID();
        jdbc.sql("""
                insert into sync_runs (tenant_id, sync_id, source, mode, state, events_received, applied, unchanged,
                                       deleted, created_at)
                values (?, ?, ?, 'full', ?, ?, ?, ?, ?, ?::timestamptz)""")
                .params(client.id(), sync, source, state, received, applied, unchanged, deleted, createdAt).update();
        return sync;
    }

    private String state(UUID sync) {
        return jdbc.sql("select state from sync_runs where sync_id = ?").param(sync).query(String.class).single();
    }
}
