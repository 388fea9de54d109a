package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
class SearchIntegrationTests {

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
        for (int i = 1; i <= 30; i++) {
            fixture.document(client, "kafka-%02d".formatted(i), "Kafka notes " + "kafka partitions ".repeat(i % 5)
                    + " and some filler text about brokers and consumers");
        }
        fixture.document(client, "garden", "Tomatoes need sun. Gardening notes.");
        fixture.document(client, "deleted", "kafka kafka kafka deleted");
        fixture.deletedBySource(client, "deleted");
    }

    @Test
    void findsRankedMatchesWithHighlightedSnippets() {
        var response = api.get("/v1/search?q=" + Api.encode("tomatoes sun"), client.key());

        assertThat(response.status()).isEqualTo(200);
        var items = response.json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("externalId").asString()).isEqualTo("garden");
        assertThat(items.get(0).get("snippet").asString()).contains("<b>Tomatoes</b>");
    }

    @Test
    void pagesThroughEveryMatchOnceInRankOrder() {
        var ids = new ArrayList<String>();
        var ranks = new ArrayList<Double>();
        String cursor = null;
        do {
            var page = api.get("/v1/search?q=kafka&limit=7" + (cursor == null ? "" : "&cursor=" + cursor),
                    client.key()).json();
            page.get("items").forEach(hit -> {
                ids.add(hit.get("externalId").asString());
                ranks.add(hit.get("rank").asDouble());
            });
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(ids).hasSize(30).doesNotContain("deleted");
        assertThat(new HashSet<>(ids)).hasSize(30);
        assertThat(ranks).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void hostileQueriesGetAnAnswerNeverAServerError() {
        var hostile = List.of("\"unterminated quote", "a & b | !c ( ) : * <-> <2> d", "'; drop table documents; --",
                "!!!", "&&&", "|||", "***", "()", ":*", "-", "or", "\"", "\\", "%", "_", "<->", "!(", "a:*B",
                "kafka -kafka", "\"kafka partitions\" or tomatoes", "日本語のテキスト", "😀 emoji", "x".repeat(1000),
                "a ".repeat(500), "<-> ".repeat(250), "\u0000", "kafka\u0000", "\u202Eright to left", " ", "",
                "k".repeat(10_000), "$$", "select * from documents", "\\x00", "%00");
        for (var q : hostile) {
            var response = api.get("/v1/search?q=" + Api.encode(q), client.key());
            assertThat(response.status()).as("q=%s", q.length() > 40 ? q.substring(0, 40) : q).isIn(200, 400);
            if (response.status() == 400) {
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }
        assertThat(api.get("/v1/search?q=" + "k".repeat(10_000), client.key()).status()).isEqualTo(400);
        assertThat(api.get("/v1/search?q=" + Api.encode("'; drop table documents; --"), client.key()).status())
                .isEqualTo(200);
        assertThat(api.get("/v1/search", client.key()).status()).isEqualTo(400);
        assertThat(api.get("/v1/search?q=kafka", client.key()).json().get("items")).isNotEmpty();
    }

    @Test
    void aSearchCursorIsBoundToItsQuery() {
        var cursor = api.get("/v1/search?q=kafka&limit=5", client.key()).json().get("nextCursor").asString();

        assertThat(api.get("/v1/search?q=brokers&limit=5&cursor=" + cursor, client.key()).status()).isEqualTo(400);
        assertThat(api.get("/v1/search?q=kafka&limit=5&cursor=" + cursor, client.key()).status()).isEqualTo(200);
    }
}
