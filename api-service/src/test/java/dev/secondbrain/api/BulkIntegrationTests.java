package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
class BulkIntegrationTests {

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
    Statements statements;
    Fixture.Client client;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fixture = new Fixture(jdbc);
        statements = new Statements(jdbc);
        client = fixture.tenant();
        fixture.documents(client, "doc-", 1, 1200);
    }

    @Test
    void classifySetsCategoryAndConfirmsOnlyLiveDocumentsOfTheTenant() {
        var other = fixture.tenant();
        fixture.document(other, "doc-0000001", "same id, other tenant");
        fixture.deletedBySource(client, "doc-0000002");
        var body = Map.of("externalIds", List.of("doc-0000001", "doc-0000002", "doc-0000003", "doc-0000003", "nope"),
                "category", "finance");

        var first = api.post("/v1/documents/classify", client.key(), Api.json(body)).json();
        var again = api.post("/v1/documents/classify", client.key(), Api.json(body)).json();

        assertThat(first.get("matched").asLong()).isEqualTo(2);
        assertThat(first.get("changed").asLong()).isEqualTo(2);
        assertThat(again.get("matched").asLong()).isEqualTo(2);
        assertThat(again.get("changed").asLong()).isZero();
        assertThat(row(client, "doc-0000003")).containsEntry("category", "finance")
                .containsEntry("classification_status", "confirmed");
        assertThat(row(other, "doc-0000001")).containsEntry("category", "work");
    }

    @Test
    void confirmChangesOnlyUnconfirmedDocumentsAndIsHarmlessToRepeat() {
        var body = Api.json(Map.of("externalIds", ids(1, 10)));

        var first = api.post("/v1/documents/confirm", client.key(), body).json();
        var again = api.post("/v1/documents/confirm", client.key(), body).json();

        assertThat(first.get("matched").asLong()).isEqualTo(10);
        assertThat(first.get("changed").asLong()).isEqualTo(10);
        assertThat(again.get("changed").asLong()).isZero();
    }

    @Test
    void deleteLeavesUserTombstonesThatKeepTheirContentAndNameTheKey() {
        var body = Api.json(Map.of("externalIds", ids(1, 5)));

        var first = api.post("/v1/documents/delete", client.key(), body).json();
        var again = api.post("/v1/documents/delete", client.key(), body).json();

        assertThat(first.get("changed").asLong()).isEqualTo(5);
        assertThat(again.get("matched").asLong()).isZero();
        assertThat(row(client, "doc-0000001")).containsEntry("deleted_by", "user")
                .containsEntry("title", "Document 1").containsEntry("deleted_key_id", client.tenant().keyId())
                .containsEntry("purged_at", null);
        assertThat(api.get("/v1/documents/doc-0000001", client.key()).status()).isEqualTo(404);
    }

    @Test
    void eachBulkOperationIsOneDataStatementForOneAndForAThousandIds() {
        for (var size : List.of(1, 1000)) {
            var ids = ids(1, size);
            var requests = Map.of(
                    "/v1/documents/classify", Api.json(Map.of("externalIds", ids, "category", "c" + size)),
                    "/v1/documents/confirm", Api.json(Map.of("externalIds", ids)),
                    "/v1/documents/delete", Api.json(Map.of("externalIds", ids)),
                    "/v1/documents/restore", Api.json(Map.of("externalIds", ids)),
                    "/v1/documents/purge", Api.json(Map.of("externalIds", ids)));
            for (var request : requests.entrySet()) {
                statements.reset();
                var response = api.post(request.getKey(), client.key(), request.getValue());

                assertThat(response.status()).isEqualTo(200);
                assertThat(statements.calls("documents")).as("%s with %d ids", request.getKey(), size).isEqualTo(1);
                // besides: one tenant binding per transaction, and the key lookup
                assertThat(statements.calls("set_config")).isEqualTo(1);
            }
        }
    }

    @Test
    void refusesMoreThanAThousandIdsEmptyListsAndOverlongIds() {
        var tooMany = api.post("/v1/documents/confirm", client.key(), Api.json(Map.of("externalIds", ids(1, 1001))));
        var none = api.post("/v1/documents/confirm", client.key(), Api.json(Map.of("externalIds", List.of())));
        var overlong = api.post("/v1/documents/delete", client.key(),
                Api.json(Map.of("externalIds", List.of("x".repeat(513)))));
        var noCategory = api.post("/v1/documents/classify", client.key(), Api.json(Map.of("externalIds", ids(1, 1))));
        var longCategory = api.post("/v1/documents/classify", client.key(),
                Api.json(Map.of("externalIds", ids(1, 1), "category", "c".repeat(201))));
        var nul = api.post("/v1/documents/delete", client.key(), Api.json(Map.of("externalIds", List.of("a\u0000b"))));

        for (var response : List.of(tooMany, none, overlong, noCategory, longCategory, nul)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("externalIds");
    }

    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj("doc-%07d"::formatted).toList();
    }

    private Map<String, Object> row(Fixture.Client owner, String id) {
        return jdbc.sql("""
                select category, classification_status, deleted_by, title, content, metadata::text as metadata,
                       deleted_key_id, purged_at
                from documents where tenant_id = ? and external_id = ?""")
                .params(owner.id(), id).query().singleRow();
    }
}
