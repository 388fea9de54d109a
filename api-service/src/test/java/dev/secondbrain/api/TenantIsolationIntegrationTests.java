package dev.secondbrain.api;

import dev.secondbrain.api.tenancy.TenantScope;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPipelineInfrastructure
class TenantIsolationIntegrationTests {

    // deliberately without "where tenant_id = ...": only row-level security can keep other tenants out
    private static final String FORGETS_TENANT = "select count(*) from documents";
    private static final String TENANTS_SEEN = "select count(distinct tenant_id) from documents";

    @LocalServerPort
    int port;
    /** The service's own connections: the API's login. */
    @Autowired
    JdbcClient service;
    /** The superuser: rows other processes write, and the control past row-level security. */
    JdbcClient jdbc;

    @Autowired
    void superuser(org.springframework.core.env.Environment environment) {
        jdbc = dev.secondbrain.testkit.TestDatabase.superuser(environment);
    }
    @Autowired
    TenantScope scope;
    @Autowired
    PlatformTransactionManager transactions;

    Api api;
    Fixture fixture;
    Fixture.Client alice;
    Fixture.Client bob;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fixture = new Fixture(jdbc);
        alice = fixture.tenant();
        bob = fixture.tenant();
        fixture.documents(alice, "alice-", 1, 50);
        fixture.document(alice, "shared-name", "alice secret zebra");
        fixture.document(bob, "bob-1", "bob harmless note");
    }

    @Test
    void anotherTenantsDocumentIsNotFoundById() {
        var foreign = api.get("/v1/documents/shared-name", bob.key());
        var missing = api.get("/v1/documents/no-such-document", bob.key());

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.problem()).isEqualTo(missing.problem());
        assertThat(api.get("/v1/documents/shared-name", alice.key()).status()).isEqualTo(200);
    }

    @Test
    void listAndSearchShowOnlyTheCallersDocuments() {
        var list = api.get("/v1/documents?limit=200", bob.key()).json().get("items");
        var search = api.get("/v1/search?q=zebra", bob.key()).json().get("items");

        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("externalId").asString()).isEqualTo("bob-1");
        assertThat(search).isEmpty();
        assertThat(api.get("/v1/search?q=zebra", alice.key()).json().get("items")).hasSize(1);
    }

    @Test
    void anotherTenantsCursorIsRefusedLikeATamperedOne() {
        var cursor = api.get("/v1/documents?limit=10", alice.key()).json().get("nextCursor").asString();

        var foreign = api.get("/v1/documents?limit=10&cursor=" + cursor, bob.key());
        var tampered = api.get("/v1/documents?limit=10&cursor=" + cursor.substring(1), bob.key());

        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body()).isEqualTo(tampered.body());
        assertThat(api.get("/v1/documents?limit=10&cursor=" + cursor, alice.key()).status()).isEqualTo(200);
    }

    @Test
    void rowLevelSecurityHidesOtherTenantsFromAQueryThatForgetsTheTenantPredicate() {
        long bound = scope.read(bob.tenant(), tx -> tx.sql(FORGETS_TENANT).query(Long.class).single());
        long tenantsSeen = scope.read(bob.tenant(), tx -> tx.sql(TENANTS_SEEN).query(Long.class).single());
        // the same query on the service's pool without the binding: the API's login sees no tenant at all
        long unbound = service.sql(FORGETS_TENANT).query(Long.class).single();
        // control: past row-level security (the superuser) the rows are there
        long everybody = jdbc.sql(FORGETS_TENANT).query(Long.class).single();

        assertThat(bound).isEqualTo(1);
        assertThat(tenantsSeen).isEqualTo(1);
        assertThat(unbound).isZero();
        assertThat(everybody).isGreaterThanOrEqualTo(52);
    }

    @Test
    void rowLevelSecurityRefusesWritingIntoAnotherTenant() {
        var write = "insert into knowledge_gaps (tenant_id, question) values (?, 'sneaky')";

        var refused = catchThrowable(() ->
                scope.write(bob.tenant(), tx -> tx.sql(write).param(alice.id()).update()));

        assertThat(refused).hasRootCauseMessage("ERROR: new row violates row-level security policy for table \"knowledge_gaps\"");
        assertThat(jdbc.sql("select count(*) from knowledge_gaps where tenant_id = ?").param(alice.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void aRefusedRowsValuesNeverReachAnExceptionMessage() {
        // a check violation (an empty question): PostgreSQL's detail would name every value of the row
        var write = "insert into knowledge_gaps (tenant_id, question) values (?, '')";

        var refused = catchThrowable(() -> scope.write(bob.tenant(), tx -> tx.sql(write).param(bob.id()).update()));
        var control = catchThrowable(() -> jdbc.sql(write).param(bob.id()).update());

        assertThat(refused).rootCause().hasMessageContaining("knowledge_gaps_question_check")
                .hasMessageNotContaining("Failing row contains");
        assertThat(control).as("control: pgjdbc's default puts the row into the message").rootCause()
                .hasMessageContaining("Failing row contains");
    }

    @Test
    void theBindingEndsWithItsTransactionSoPooledConnectionsCarryNothingOver() {
        for (int i = 0; i < 40; i++) {
            scope.read(bob.tenant(), tx -> tx.sql(FORGETS_TENANT).query(Long.class).single());
        }
        var role = service.sql("select current_user || '/' || coalesce(current_setting('pipeline.tenant_id', true), '')")
                .query(String.class).single();

        assertThat(role).isEqualTo("pipeline_api_login/");
    }

    @Test
    void theApiRoleWithoutATenantSeesNothing() {
        long seen = new TransactionTemplate(transactions).execute(status -> {
            service.sql("select set_config('role', 'pipeline_api', true)").query(String.class).single();
            return service.sql(FORGETS_TENANT).query(Long.class).single();
        });

        assertThat(seen).isZero();
    }
}
