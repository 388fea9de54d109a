package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read API's per-tenant quotas: a request rate (50 per second, the default) where a search costs more (here a
 * whole second of it), and a cap on change streams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pipeline.api.quota.requests-per-second=50", "pipeline.api.quota.search-cost=50",
                "pipeline.changes.max-streams-per-tenant=1"})
@WithPipelineInfrastructure
class QuotaIntegrationTests {

    @LocalServerPort
    int port;
    JdbcClient jdbc;

    String changesTopic;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
        changesTopic = environment.getProperty("pipeline.topics.changes");
    }

    Api api;
    Fixture fixture;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fixture = new Fixture(jdbc);
    }

    @Test
    void rapidBroadSearchesOfOneTenantAreRefusedWithRetryAfterAndOtherTenantsAreNot() {
        var busy = fixture.tenant();
        var other = fixture.tenant();
        fixture.documents(busy, "d-", 1, 100);
        int refused = 0;
        Api.Response first429 = null;
        for (int i = 0; i < 200; i++) {
            var answer = api.get("/v1/search?q=notes", busy.key());
            if (answer.status() == 429) {
                refused++;
                first429 = first429 == null ? answer : first429;
            }
        }

        assertThat(refused).isPositive();
        assertThat(first429.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(first429.raw().headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(api.get("/v1/search?q=notes", other.key()).status()).as("control: another tenant").isEqualTo(200);
    }

    @Test
    void aSearchCostsMoreThanAPage() {
        var searching = fixture.tenant();
        var paging = fixture.tenant();

        var searches = java.util.stream.IntStream.range(0, 2)
                .map(i -> api.get("/v1/search?q=notes", searching.key()).status()).boxed().toList();
        var pages = java.util.stream.IntStream.range(0, 2)
                .map(i -> api.get("/v1/stats", paging.key()).status()).boxed().toList();

        assertThat(searches).containsExactly(200, 429);
        assertThat(pages).as("control: the same number of cheap requests").containsExactly(200, 200);
    }

    @Test
    void aTenantMayHoldOnlyItsShareOfChangeStreams() throws Exception {
        // the changes topic is the change feed's, which does not run here: made as the feed would make it
        dev.secondbrain.testkit.Infrastructure.kafka().createMissingTopics(changesTopic);
        var client = fixture.tenant();
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/changes"))
                .header("Authorization", "Bearer " + client.key()).header("Accept", "text/event-stream").build();

        var open = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (var body = open.body()) {
            var second = http.send(request, HttpResponse.BodyHandlers.ofString());
            var otherTenant = http.send(HttpRequest.newBuilder(request.uri())
                    .header("Authorization", "Bearer " + fixture.tenant().key())
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            otherTenant.body().close();

            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
            assertThat(otherTenant.statusCode()).as("control: another tenant's stream").isEqualTo(200);
        }
    }
}
