package dev.secondbrain.api;

import dev.secondbrain.embedded.DatabaseLogins;
import dev.secondbrain.testkit.Infrastructure;
import dev.secondbrain.testkit.TestDatabase;
import dev.secondbrain.testkit.WithPipelineInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The database logins as deployed (provisioned by testkit as the local stack does, granted by V42): row-level
 * security holds by default for the API's login, no service login owns or bypasses anything, the audit log cannot
 * be changed, and a wrong password is refused.
 */
@SpringBootTest
@WithPipelineInfrastructure
class DatabaseLoginsIntegrationTests {

    /** Every table that holds a tenant's rows. */
    private static final List<String> TENANT_TABLES = List.of("documents", "document_counts", "knowledge_gaps",
            "gap_answers", "jobs", "sync_runs", "audit_log", "webhook_endpoints", "webhook_deliveries",
            "webhook_attempts");

    Environment environment;
    JdbcClient superuser;
    JdbcClient api;
    JdbcClient owner;

    @Autowired
    void database(Environment environment) {
        this.environment = environment;
        superuser = TestDatabase.superuser(environment);
        api = as(Infrastructure.logins().of("api-service"));
        owner = as(Infrastructure.logins().ownerLogin());
    }

    @BeforeEach
    void rowsOfTwoTenants() {
        var fixture = new Fixture(superuser);
        for (int i = 0; i < 2; i++) {
            var client = fixture.tenant();
            fixture.document(client, "doc", "text");
            superuser.sql("insert into knowledge_gaps (tenant_id, question) values (?, 'q')").param(client.id()).update();
            superuser.sql("""
                    insert into gap_answers (tenant_id, knowledge_gap_id, answer)
                    select tenant_id, gap_id, 'a' from knowledge_gaps where tenant_id = ?""").param(client.id()).update();
            superuser.sql("insert into jobs (tenant_id, job_id, kind) values (?, gen_random_uuid(), 'delete_all')")
                    .param(client.id()).update();
            fixture.sync(client, "notes", "open");
            superuser.sql("""
                    insert into webhook_endpoints (tenant_id, endpoint_id, url, events, secret)
                    values (?, gen_random_uuid(), 'https://example.com/hook', array['sync.completed'], 'whsec_x')""")
                    .param(client.id()).update();
            superuser.sql("""
                    insert into webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, body, next_attempt_at)
                    select tenant_id, endpoint_id, 'evt_1', 'sync.completed', '{}', now() + interval '1 day'
                    from webhook_endpoints
                    where tenant_id = ?""").param(client.id()).update();
            superuser.sql("""
                    insert into webhook_attempts (tenant_id, endpoint_id, delivery_id, status)
                    select tenant_id, endpoint_id, delivery_id, 500 from webhook_deliveries where tenant_id = ?""")
                    .param(client.id()).update();
            superuser.sql("insert into audit_log (tenant_id, actor, action) values (?, 'admin', 'delete_all')")
                    .param(client.id()).update();
        }
    }

    @Test
    void theApiLoginSeesNoRowOfAnyTenantTableWithoutBindingAndTheOwnerSeesThem() {
        for (var table : TENANT_TABLES) {
            var count = "select count(*) from " + table;

            assertThat(api.sql(count).query(Long.class).single()).as(table + " as the API's login").isZero();
            assertThat(owner.sql(count).query(Long.class).single()).as("control: " + table + " as the owner")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theApiLoginCannotReadKeysOrTenantsAtAll() {
        for (var table : List.of("api_keys", "tenants", "consumer_offsets", "change_feed_offsets")) {
            var refused = catchThrowable(() -> api.sql("select count(*) from " + table).query(Long.class).single());

            assertThat(refused).as(table).hasRootCauseInstanceOf(SQLException.class)
                    .rootCause().hasMessageContaining("permission denied");
        }
    }

    @Test
    void noServiceLoginIsSuperuserOwnerOrAboveRowLevelSecurity() {
        var logins = superuser.sql("""
                select r.rolname from pg_roles r
                where r.rolname like 'pipeline\\_%' and (r.rolsuper or r.rolbypassrls or r.rolcreaterole or r.rolcreatedb)
                """).query(String.class).list();
        var owners = superuser.sql("""
                select distinct pg_get_userbyid(c.relowner) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'S', 'v')
                  and not exists (select from pg_depend d where d.objid = c.oid and d.deptype = 'e')
                """).query(String.class).list();
        var apiLoginRoles = superuser.sql("""
                select b.rolname from pg_auth_members m join pg_roles a on a.oid = m.member
                join pg_roles b on b.oid = m.roleid where a.rolname = 'pipeline_api_login'
                """).query(String.class).list();
        var replication = superuser.sql("select rolname from pg_roles where rolreplication and rolname like 'pipeline%'")
                .query(String.class).list();

        assertThat(logins).isEmpty();
        assertThat(owners).containsExactly("pipeline_owner");
        assertThat(apiLoginRoles).containsExactly("pipeline_api");
        assertThat(replication).containsExactly("pipeline_change_feed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "classify-worker", "change-feed", "api-service"})
    void noServiceLoginCanChangeTheAuditLog(String service) {
        var login = as(Infrastructure.logins().of(service));
        for (var change : List.of("update audit_log set action = 'purge'", "delete from audit_log",
                "truncate audit_log")) {
            var refused = catchThrowable(() -> login.sql(change).update());

            assertThat(refused).as(service + ": " + change).isNotNull()
                    .rootCause().hasMessageContaining("permission denied");
        }
    }

    @Test
    void theAuditLogRefusesChangesEvenToItsOwner() {
        for (var change : List.of("update audit_log set action = 'purge'", "delete from audit_log",
                "truncate audit_log")) {
            var refused = catchThrowable(() -> owner.sql(change).update());

            assertThat(refused).as(change).rootCause().hasMessageContaining("audit_log is append-only");
        }
        assertThat(owner.sql("select count(*) from audit_log").query(Long.class).single())
                .as("control: the rows are there").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aWrongPasswordIsRefused() {
        var url = environment.getRequiredProperty("spring.datasource.url");
        var login = Infrastructure.logins().of("api-service");

        var refused = catchThrowable(() -> DriverManager.getConnection(url, login.user(), login.password() + "x").close());

        assertThat(refused).isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThat(api.sql("select 1").query(Integer.class).single()).as("control: the right password").isEqualTo(1);
    }

    private JdbcClient as(DatabaseLogins.Login login) {
        return JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(),
                environment.getRequiredProperty("spring.datasource.url"), login.user(), login.password()));
    }
}
