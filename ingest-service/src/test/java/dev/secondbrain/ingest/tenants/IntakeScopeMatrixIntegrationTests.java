package dev.secondbrain.ingest.tenants;

import dev.secondbrain.ingest.IntakeClient;
import dev.secondbrain.testkit.ScopeMatrix;
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
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the intake × every caller (a key with exactly one scope, the admin token) → allowed or 403,
 * against the table below, written out here on its own (not read from IngestAccess). An endpoint the service maps
 * without an entry here fails {@link #everyEndpointHasAnEntry()}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.admin.token=" + IntakeClient.ADMIN_TOKEN)
@WithPipelineInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakeScopeMatrixIntegrationTests {

    private static final Map<String, String> NEEDS = Map.ofEntries(
            entry("POST /v1/events", "events:write"),
            entry("POST /v1/syncs", "events:write"),
            entry("GET /v1/syncs/{syncId}", "events:write"),
            entry("POST /v1/syncs/{syncId}/complete", "events:write"),
            entry("POST /v1/syncs/{syncId}/abort", "events:write"),
            entry("POST /v1/syncs/{syncId}/heartbeat", "events:write"),
            entry("GET /v1/sources", "events:write"),
            entry("GET /v1/sources/{source}/syncs", "events:write"),
            entry("GET /v1/sources/{source}/checkpoint", "events:write"),
            entry("POST /v1/sources/{source}/checkpoints", "events:write"),
            entry("POST /v1/sources/{source}/pause", "events:write"),
            entry("POST /v1/sources/{source}/resume", "events:write"),
            entry("POST /v1/syncs/{syncId}/confirm-deletions", "documents:write"),
            entry("GET /v1/keys", "tenant:admin"),
            entry("POST /v1/keys", "tenant:admin"),
            entry("DELETE /v1/keys/{keyId}", "tenant:admin"),
            entry("POST /v1/admin/tenants", ScopeMatrix.ADMIN),
            entry("POST /v1/admin/tenants/{tenantId}/keys", ScopeMatrix.ADMIN),
            entry("DELETE /v1/admin/keys/{keyId}", ScopeMatrix.ADMIN),
            entry("POST /v1/admin/audit", ScopeMatrix.ADMIN));

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    ScopeMatrix matrix;

    @BeforeAll
    void keysOfOneScopeEach() {
        var client = new IntakeClient(port);
        var tenant = client.createTenant("matrix", null);
        var callers = new java.util.HashMap<String, String>();
        for (var scope : IntakeClient.ALL_SCOPES) {
            callers.put(scope, client.issueKey(tenant, List.of(scope))[1]);
        }
        callers.put(ScopeMatrix.ADMIN, IntakeClient.ADMIN_TOKEN);
        matrix = new ScopeMatrix(NEEDS, callers);
    }

    @Test
    void everyEndpointHasAnEntry() {
        assertThat(ScopeMatrix.endpoints(mappings)).containsExactlyInAnyOrderElementsOf(NEEDS.keySet());
    }

    Stream<Arguments> endpointsAndCallers() {
        return matrix.cases();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("endpointsAndCallers")
    void answersForbiddenToEveryCallerButTheOneTheEndpointNeeds(String endpoint, String caller) {
        var answer = matrix.call(port, endpoint, caller);

        if (matrix.allowed(endpoint, caller)) {
            assertThat(answer.status()).as(answer.body()).isNotIn(401, 403);
            return;
        }
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        var needs = NEEDS.get(endpoint);
        assertThat(answer.body()).contains(needs.equals(ScopeMatrix.ADMIN) ? "needs the admin token"
                : "lacks the scope " + needs);
    }
}
