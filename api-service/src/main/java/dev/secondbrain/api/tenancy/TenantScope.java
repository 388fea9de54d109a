package dev.secondbrain.api.tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Function;

/**
 * Runs work in one transaction bound to a tenant: the first statement switches to the row-level-security
 * role {@code pipeline_api} and sets {@code pipeline.tenant_id}, both transaction-local, so nothing
 * survives into the next borrower of the pooled connection. Queries still carry their own tenant
 * predicate; the binding is the second wall, and the login is the third: the API's login is a member of
 * {@code pipeline_api} and nothing else, so a query that escapes the binding sees no tenant's rows at all.
 */
@Component
public class TenantScope {

    private static final String BIND = """
            select set_config('role', 'pipeline_api', true), set_config('pipeline.tenant_id', ?, true)
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate reads;
    private final TransactionTemplate writes;

    TenantScope(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.reads = new TransactionTemplate(transactions);
        this.reads.setReadOnly(true);
        this.writes = new TransactionTemplate(transactions);
    }

    public <T> T read(Tenant tenant, Function<JdbcClient, T> work) {
        return reads.execute(status -> bound(tenant, work));
    }

    public <T> T write(Tenant tenant, Function<JdbcClient, T> work) {
        return writes.execute(status -> bound(tenant, work));
    }

    private <T> T bound(Tenant tenant, Function<JdbcClient, T> work) {
        jdbc.sql(BIND).param(tenant.id().toString()).query((rs, n) -> 1).single();
        return work.apply(jdbc);
    }
}
