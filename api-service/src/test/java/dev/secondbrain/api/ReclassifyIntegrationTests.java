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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/documents/reclassify}: the API records the job (the worker, which holds the tenant models, works
 * it); one unfinished job per tenant; its progress at {@code /v1/jobs/{id}}, only for its tenant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.api.job-poll-interval=100ms")
@WithPipelineInfrastructure
class ReclassifyIntegrationTests {

    @LocalServerPort
    int port;
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
        fixture.documents(client, "doc-", 1, 30);
        api.post("/v1/documents/confirm", client.key(), Api.json(Map.of("externalIds", List.of("doc-0000001",
                "doc-0000002", "doc-0000003"))));
    }

    @Test
    void recordsOneReclassifyJobPerTenantForTheWorkerCountingDocumentsNotConfirmed() {
        var accepted = api.post("/v1/documents/reclassify", client.key(), null);

        assertThat(accepted.status()).isEqualTo(202);
        var jobId = accepted.json().get("jobId").asString();
        assertThat(accepted.raw().headers().firstValue("Location")).hasValue("/v1/jobs/" + jobId);
        var status = api.get("/v1/jobs/" + jobId, client.key()).json();
        assertThat(status.get("kind").asString()).isEqualTo("reclassify");
        assertThat(status.get("state").asString()).isEqualTo("pending");
        assertThat(status.get("total").asLong()).as("30 live, 3 confirmed").isEqualTo(27);
        assertThat(status.get("changed").asLong()).isZero();
        assertThat(api.post("/v1/documents/reclassify", client.key(), null).json().get("jobId").asString())
                .as("asked again while unfinished: the same job").isEqualTo(jobId);
        assertThat(jdbc.sql("select count(*) from unfinished_jobs() where job_id = ?").param(UUID.fromString(jobId))
                .query(Long.class).single()).as("the API's job runner leaves it to the worker").isZero();

        // control: once the worker finished it, asking again records a new job
        jdbc.sql("update jobs set state = 'done' where job_id = ?").param(UUID.fromString(jobId)).update();
        assertThat(api.post("/v1/documents/reclassify", client.key(), null).json().get("jobId").asString())
                .isNotEqualTo(jobId);
    }

    @Test
    void anotherTenantNeitherSeesTheJobNorGetsOneAndABodyChangesNothing() {
        var jobId = api.post("/v1/documents/reclassify", client.key(), "{\"tenantId\":\"" + UUID.randomUUID()
                + "\",\"externalIds\":[\"' or 1=1 --\"]}").json().get("jobId").asString();
        var other = fixture.tenant();

        var seen = api.get("/v1/jobs/" + jobId, other.key());

        assertThat(seen.status()).isEqualTo(404);
        assertThat(seen.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.sql("select count(*) from jobs where tenant_id = ? and kind = 'reclassify'")
                .param(other.id()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from jobs where tenant_id = ? and kind = 'reclassify'")
                .param(client.id()).query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/v1/jobs/not-a-uuid", client.key()).status()).isEqualTo(400);
        var readOnly = fixture.key(client.id(), "documents:read");
        assertThat(api.post("/v1/documents/reclassify", readOnly.key(), null).status()).isEqualTo(403);
    }
}
