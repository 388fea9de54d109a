package dev.secondbrain.api;

import dev.secondbrain.testkit.ScopeMatrix;
import dev.secondbrain.testkit.TestDatabase;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the read API × every scope → allowed or 403, against the table below, written out here on its
 * own (not read from ApiAccess). An endpoint the service maps without an entry here fails
 * {@link #everyEndpointHasAnEntry()}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiScopeMatrixIntegrationTests {

    private static final String READ = "documents:read";
    private static final String WRITE = "documents:write";
    private static final Map<String, String> NEEDS = Map.ofEntries(
            entry("GET /v1/documents", READ),
            entry("GET /v1/documents/{externalId}", READ),
            entry("GET /v1/search", READ),
            entry("GET /v1/stats", READ),
            entry("GET /v1/changes", READ),
            entry("GET /v1/jobs/{jobId}", READ),
            entry("GET /v1/syncs/{syncId}/deletions", READ),
            entry("GET /v1/sources", READ),
            entry("GET /v1/freshness", READ),
            entry("GET /v1/knowledge-gaps", READ),
            entry("GET /v1/knowledge-gaps/stats", READ),
            entry("POST /v1/documents/classify", WRITE),
            entry("POST /v1/documents/confirm", WRITE),
            entry("POST /v1/documents/delete", WRITE),
            entry("POST /v1/documents/restore", WRITE),
            entry("POST /v1/documents/purge", WRITE),
            entry("POST /v1/documents/reclassify", WRITE),
            entry("DELETE /v1/documents", WRITE),
            entry("POST /v1/jobs/{jobId}/revert", WRITE),
            entry("POST /v1/syncs/{syncId}/revert", WRITE),
            entry("POST /v1/syncs/{syncId}/confirm-deletions", WRITE),
            entry("POST /v1/knowledge-gaps", WRITE),
            entry("POST /v1/knowledge-gaps/{gapId}/answers", WRITE),
            entry("GET /v1/audit", "tenant:admin"),
            entry("GET /v1/webhooks", "tenant:admin"),
            entry("POST /v1/webhooks", "tenant:admin"),
            entry("DELETE /v1/webhooks/{webhookId}", "tenant:admin"),
            entry("POST /v1/webhooks/{webhookId}/rotate-secret", "tenant:admin"),
            entry("GET /v1/webhooks/{webhookId}/deliveries", "tenant:admin"),
            entry("GET /v1/webhooks/{webhookId}/deliveries/{deliveryId}/attempts", "tenant:admin"),
            entry("POST /v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", "tenant:admin"));

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    Environment environment;

    ScopeMatrix matrix;
    String admin;

    @BeforeAll
    void keysOfOneScopeEach() {
        var fixture = new Fixture(TestDatabase.superuser(environment));
        var tenant = fixture.tenant().id();
        var callers = new HashMap<String, String>();
        for (var scope : Fixture.ALL_SCOPES) {
            callers.put(scope, fixture.key(tenant, scope).key());
        }
        matrix = new ScopeMatrix(NEEDS, callers);
        admin = callers.get("tenant:admin");
    }

    @Test
    void everyEndpointHasAnEntry() {
        assertThat(ScopeMatrix.endpoints(mappings)).containsExactlyInAnyOrderElementsOf(NEEDS.keySet());
    }

    /** This class runs with the default settings: the SSRF guard refuses loopback (the webhook tests allow it). */
    @Test
    void refusesALoopbackWebhookByDefault() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        for (var url : List.of("http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://[::1]:9/hook",
                "http://10.1.2.3/hook")) {
            var answer = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/v1/webhooks"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"url\":\"" + url + "\",\"events\":[\"document.changed\"]}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(url).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        }
    }

    Stream<Arguments> endpointsAndScopes() {
        return matrix.cases();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("endpointsAndScopes")
    void answersForbiddenNamingTheScopeToEveryKeyWithoutIt(String endpoint, String scope) {
        var answer = matrix.call(port, endpoint, scope);

        if (matrix.allowed(endpoint, scope)) {
            assertThat(answer.status()).as(answer.body()).isNotIn(401, 403);
            return;
        }
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body()).contains("\"missingScope\":\"" + NEEDS.get(endpoint) + "\"");
    }
}
