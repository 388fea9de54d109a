package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
class StatsIntegrationTests {

    private static final String[] CATEGORIES = {"work", "personal", "finance", null};
    private static final String[] STATUSES = {"classified", "needs_review", "confirmed"};
    private static final String[] SOURCES = {"slack", "gmail", "notion"};

    @LocalServerPort
    int port;
    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }

    @Test
    void statsEqualABruteForceCountAfterARandomMixOfWrites() {
        var api = new Api(port);
        var fixture = new Fixture(jdbc);
        var client = fixture.tenant();
        var other = fixture.tenant();
        fixture.documents(other, "x-", 1, 100);
        var random = new Random(42);
        var ids = new ArrayList<String>();
        for (int step = 0; step < 400; step++) {
            var id = "d-" + random.nextInt(300);
            switch (random.nextInt(6)) {
                case 0, 1 -> upsert(client, id, random);
                case 2 -> fixture.deletedBySource(client, id);
                case 3 -> api.post("/v1/documents/confirm", client.key(), Api.json(Map.of("externalIds", List.of(id))));
                case 4 -> api.post("/v1/documents/classify", client.key(),
                        Api.json(Map.of("externalIds", List.of(id, "d-" + random.nextInt(300)), "category", "finance")));
                default -> api.post("/v1/documents/delete", client.key(), Api.json(Map.of("externalIds", List.of(id))));
            }
            ids.add(id);
        }

        var statements = new Statements(jdbc);
        statements.reset();
        var stats = api.get("/v1/stats", client.key()).json();

        assertThat(statements.calls("document_counts")).isEqualTo(1);
        assertThat(statements.calls("from documents")).isZero();

        assertThat(stats.get("total").asLong()).isEqualTo(bruteForce(client, "'total'").getOrDefault("total", 0L));
        assertThat(asMap(stats.get("byStatus"))).isEqualTo(bruteForce(client, "classification_status"));
        var byCategory = bruteForce(client, "coalesce(category, '')");
        var uncategorized = byCategory.getOrDefault("", 0L);
        byCategory.remove("");
        assertThat(asMap(stats.get("byCategory"))).isEqualTo(byCategory);
        assertThat(stats.get("uncategorized").asLong()).isEqualTo(uncategorized);
        assertThat(asMap(stats.get("bySource"))).isEqualTo(bruteForce(client, "source"));
        assertThat(stats.get("total").asLong()).isPositive();
        assertThat(ids).hasSize(400);
    }

    /** As the worker writes: insert, or update a live or source-deleted row (an upsert resurrects those). */
    private void upsert(Fixture.Client client, String id, Random random) {
        jdbc.sql("""
                insert into documents (tenant_id, external_id, source, version, title, content, category,
                                       classification_status)
                values (:tenant, :id, :source, 1, 'title', 'content', :category, :status)
                on conflict (tenant_id, external_id) do update
                set source = excluded.source, category = excluded.category, version = documents.version + 1,
                    classification_status = excluded.classification_status, deleted_at = null, deleted_by = null,
                    purged_at = null, last_change = 'updated'
                where documents.deleted_by is distinct from 'user'""")
                .param("tenant", client.id()).param("id", id)
                .param("source", SOURCES[random.nextInt(SOURCES.length)])
                .param("category", CATEGORIES[random.nextInt(CATEGORIES.length)])
                .param("status", STATUSES[random.nextInt(STATUSES.length)]).update();
    }

    private Map<String, Long> bruteForce(Fixture.Client client, String dimension) {
        var counts = new TreeMap<String, Long>();
        jdbc.sql("select " + dimension + " as k, count(*) as n from documents "
                        + "where tenant_id = ? and deleted_at is null group by 1")
                .param(client.id()).query((rs, n) -> counts.put(rs.getString("k"), rs.getLong("n"))).list();
        return counts;
    }

    private static Map<String, Long> asMap(tools.jackson.databind.JsonNode node) {
        var map = new TreeMap<String, Long>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asLong()));
        return map;
    }
}
