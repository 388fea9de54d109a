package dev.secondbrain.api;

import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pipeline.api.job-poll-interval=300ms")
@WithPipelineInfrastructure
class DeleteAllIntegrationTests {

    @LocalServerPort
    int port;
    /** The superuser: rows other processes write, and checks past row-level security. */
    JdbcClient jdbc;

    javax.sql.DataSource superuserDataSource;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
        superuserDataSource = dev.secondbrain.testkit.TestDatabase.superuserDataSource(environment);
    }

    Api api;
    Fixture fixture;
    Statements statements;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fixture = new Fixture(jdbc);
        statements = new Statements(jdbc);
    }

    @Test
    void deletesTwentyThousandDocumentsInChunksWhileReadsKeepAnswering() {
        var client = fixture.tenant();
        var bystander = fixture.tenant();
        fixture.documents(client, "doc-", 1, 20_000);
        fixture.documents(bystander, "doc-", 1, 10);
        statements.reset();
        var reading = new AtomicBoolean(true);
        var statuses = new ConcurrentHashMap<Integer, AtomicInteger>();
        var totalsSeen = ConcurrentHashMap.<Long>newKeySet();
        var reader = CompletableFuture.runAsync(() -> {
            while (reading.get()) {
                for (var path : new String[]{"/v1/documents?limit=50", "/v1/stats", "/v1/documents/doc-0019999"}) {
                    var response = api.get(path, client.key());
                    statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (path.equals("/v1/stats")) {
                        totalsSeen.add(response.json().get("total").asLong());
                    }
                }
            }
        });

        var accepted = api.delete("/v1/documents", client.key());
        assertThat(accepted.status()).isEqualTo(202);
        var jobId = accepted.json().get("jobId").asString();
        await().atMost(Duration.ofMinutes(2)).until(() ->
                "done".equals(api.get("/v1/jobs/" + jobId, client.key()).json().get("state").asString()));
        reading.set(false);
        reader.join();

        var job = api.get("/v1/jobs/" + jobId, client.key()).json();
        assertThat(job.get("total").asLong()).isEqualTo(20_000);
        assertThat(job.get("done").asLong()).isEqualTo(20_000);
        assertThat(statements.calls("with job as")).isGreaterThanOrEqualTo(20);
        assertThat(statuses.keySet()).containsOnly(200, 404); // 404: the single document, once it is deleted
        assertThat(statuses.get(200).get()).isPositive();
        // the reader saw committed chunks while the job was still running, not just before and after
        assertThat(totalsSeen).anyMatch(total -> total > 0 && total < 20_000);
        assertThat(count("select count(*) from documents where tenant_id = ? and deleted_at is null", client.id()))
                .isZero();
        assertThat(jdbc.sql("""
                select count(*) from documents where tenant_id = ? and deleted_by = 'user' and deleted_job_id = ?
                  and deleted_key_id = ? and content is not null and purged_at is null""")
                .params(client.id(), UUID.fromString(jobId), client.tenant().keyId()).query(Long.class).single())
                .as("every tombstone names the job and the key, and keeps its content").isEqualTo(20_000);
        assertThat(count("select count(*) from documents where tenant_id = ? and deleted_at is null", bystander.id()))
                .isEqualTo(10);
        assertThat(api.get("/v1/stats", client.key()).json().get("total").asLong()).isZero();
    }

    @Test
    void aJobLeftUnfinishedByAStoppedInstanceIsResumedAndKeepsDocumentsStoredAfterIt() {
        var client = fixture.tenant();
        fixture.documents(client, "old-", 1, 2500);
        jdbc.sql("update documents set created_at = now() - interval '1 hour' where tenant_id = ?")
                .param(client.id()).update();
        var jobId = UUID.randomUUID();
        // as a crashed instance leaves it: running, part done, created ten minutes ago
        jdbc.sql("""
                insert into jobs (tenant_id, job_id, kind, state, total, done, created_at)
                values (?, ?, 'delete_all', 'running', 2500, 0, now() - interval '10 minutes')""")
                .params(client.id(), jobId).update();
        fixture.documents(client, "new-", 1, 3);

        await().atMost(Duration.ofSeconds(60)).until(() ->
                "done".equals(api.get("/v1/jobs/" + jobId, client.key()).json().get("state").asString()));

        assertThat(count("select count(*) from documents where tenant_id = ? and deleted_at is null", client.id()))
                .isEqualTo(3);
        assertThat(api.get("/v1/jobs/" + jobId, client.key()).json().get("done").asLong()).isEqualTo(2500);
    }

    @Test
    void askingAgainWhileAJobIsUnfinishedReturnsTheSameJobAndOtherTenantsCannotSeeIt() throws Exception {
        var client = fixture.tenant();
        var other = fixture.tenant();
        jdbc.sql("insert into jobs (tenant_id, job_id, kind) values (?, ?, 'delete_all')")
                .params(client.id(), UUID.randomUUID()).update();
        var unfinished = jdbc.sql("select job_id from jobs where tenant_id = ?").param(client.id())
                .query(UUID.class).single();

        String first;
        // the job runner (every 300 ms) would finish the empty job before the request on a slow machine: hold the
        // job row as a running chunk does, so the job is still unfinished when the request arrives
        try (var connection = superuserDataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var lock = connection.prepareStatement("select 1 from jobs where job_id = ? for update")) {
                lock.setObject(1, unfinished);
                lock.executeQuery().close();
            }
            first = api.delete("/v1/documents", client.key()).json().get("jobId").asString();
            connection.rollback();
        }

        assertThat(first).isEqualTo(unfinished.toString());
        assertThat(api.get("/v1/jobs/" + first, other.key()).status()).isEqualTo(404);
        assertThat(api.get("/v1/jobs/not-a-uuid", client.key()).status()).isEqualTo(400);
    }

    private long count(String sql, UUID tenant) {
        return jdbc.sql(sql).param(tenant).query(Long.class).single();
    }
}
