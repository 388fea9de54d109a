package dev.secondbrain.api.tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs work in one transaction bound to a tenant: the first statement switches to the row-level-security
 * role {@code pipeline_api} and sets {@code pipeline.tenant_id}, both transaction-local, so nothing
 * survives into the next borrower of the pooled connection. Queries still carry their own tenant
 * predicate; the binding is the second wall.
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

    /**
     * One read-only transaction whose first part runs before the binding, as the connection's own role, and
     * whose second part is bound. Only for keys-only lookups that row-level security would cripple: a
     * non-leakproof operator such as tsvector {@code @@} may not use an index under a policy, so the GIN
     * search would scan every row of the tenant. The first part must carry the tenant predicate and return
     * keys only; everything returned to the caller is read by the bound second part.
     */
    public <K, T> T read(Tenant tenant, Function<JdbcClient, K> keysBeforeBinding,
                         BiFunction<JdbcClient, K, T> bound) {
        return reads.execute(status -> {
            var keys = keysBeforeBinding.apply(jdbc);
            return bound(tenant, tx -> bound.apply(tx, keys));
        });
    }

    public <T> T write(Tenant tenant, Function<JdbcClient, T> work) {
        return writes.execute(status -> bound(tenant, work));
    }

    private <T> T bound(Tenant tenant, Function<JdbcClient, T> work) {
        jdbc.sql(BIND).param(tenant.id().toString()).query((rs, n) -> 1).single();
        return work.apply(jdbc);
    }
}
