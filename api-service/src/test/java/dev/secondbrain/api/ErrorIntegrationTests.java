package dev.secondbrain.api;

import dev.secondbrain.schemas.ApiKeys;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
class ErrorIntegrationTests {

    @LocalServerPort
    int port;
    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }
    @Autowired
    DataSource dataSource;

    Api api;
    Fixture.Client client;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        client = new Fixture(jdbc).tenant();
    }

    @Test
    void malformedQueryParametersAreBadRequests() {
        // invalid percent-encoded UTF-8: Tomcat refuses to decode them (was a 500 each)
        for (var path : List.of("/v1/documents?cursor=%00%ff", "/v1/search?q=%ff", "/v1/search?q=caf%C3%28",
                "/v1/knowledge-gaps?status=%ff", "/v1/audit?cursor=%C3")) {
            var answer = api.get(path, client.key());

            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(api.get("/v1/search?q=caf%C3%A9", client.key()).status()).as("control: valid UTF-8").isEqualTo(200);
    }

    @Test
    void missingMalformedUnknownAndRevokedKeysGetTheSame401() {
        var revoked = new Fixture(jdbc).tenant();
        jdbc.sql("update api_keys set revoked_at = now() where tenant_id = ?").param(revoked.id()).update();
        var answers = new ArrayList<Api.Response>();
        answers.add(api.get("/v1/stats", null));
        answers.add(api.send("GET", "/v1/stats", null, null, null));
        for (var key : List.of("garbage", "", ApiKeys.generate(), revoked.key(), client.key() + "x")) {
            answers.add(api.get("/v1/stats", key));
        }
        answers.add(api.get("/v1/documents/x", ApiKeys.generate()));

        for (var answer : answers) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.problem()).isEqualTo(answers.getFirst().problem());
            assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        assertThat(answers.getFirst().contentType()).startsWith("application/problem+json");
        assertThat(api.get("/v1/stats", client.key()).status()).isEqualTo(200);
    }

    @Test
    void framework404And405And415AndMalformedJsonAreProblemsWithoutInternals() {
        var unknownPath = api.get("/v1/nothing/here", client.key());
        var wrongMethod = api.send("PUT", "/v1/stats", client.key(), "application/json", "{}");
        var wrongType = api.send("POST", "/v1/documents/confirm", client.key(), "text/plain", "x");
        var malformed = api.post("/v1/documents/confirm", client.key(), "{\"externalIds\": [\"a\",");
        var wrongShape = api.post("/v1/documents/confirm", client.key(), "{\"externalIds\": 7}");
        var noBody = api.post("/v1/documents/confirm", client.key(), null);

        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(wrongShape.status()).isEqualTo(400);
        assertThat(noBody.status()).isEqualTo(400);
        for (var response : List.of(unknownPath, wrongMethod, wrongType, malformed, wrongShape, noBody)) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body()).doesNotContain("Exception", "at dev.", "org.springframework", "tools.jackson");
        }
    }

    @Test
    void oversizedBodiesAreRefused() {
        var ids = new ArrayList<String>();
        for (int i = 0; i < 9000; i++) {
            ids.add("x".repeat(500));
        }
        var response = api.post("/v1/documents/delete", client.key(), Api.json(Map.of("externalIds", ids)));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aSaturatedPoolAnswers503WithRetryAfterInsteadOfHanging() throws SQLException {
        var held = new ArrayList<Connection>();
        try {
            for (int i = 0; i < 16; i++) {
                held.add(dataSource.getConnection());
            }
            var response = api.get("/v1/stats", client.key());

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.raw().headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.contentType()).startsWith("application/problem+json");
        } finally {
            for (var connection : held) {
                connection.close();
            }
        }
        assertThat(api.get("/v1/stats", client.key()).status()).isEqualTo(200);
    }

    @Test
    void publishesTheOpenApiDocumentWithoutTheTenantAsAParameter() {
        var response = api.get("/v3/api-docs", null);

        assertThat(response.status()).isEqualTo(200);
        var paths = response.json().get("paths");
        assertThat(paths.has("/v1/documents")).isTrue();
        assertThat(paths.has("/v1/search")).isTrue();
        assertThat(paths.has("/v1/knowledge-gaps/{gapId}/answers")).isTrue();
        assertThat(response.body()).doesNotContain("\"tenant\"");
        assertThat(UUID.fromString(client.id().toString())).isNotNull();
    }
}
