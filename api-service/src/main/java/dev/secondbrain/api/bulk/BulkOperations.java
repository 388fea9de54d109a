package dev.secondbrain.api.bulk;

import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Each operation is ONE statement whatever the number of ids: a CTE locks the tenant's live rows among the
 * ids in external_id order (so two concurrent calls cannot deadlock), the update changes only rows that
 * differ, and the result counts both. Repeating a call changes nothing more. The update repeats the key
 * predicate instead of joining the CTE (so it is an index lookup whatever the statistics say); its
 * {@code (select count(*) from target)} runs the locking CTE to the end before the first row is updated.
 */
@Component
class BulkOperations {

    /** Locks the tenant's live rows among the ids in key order; the update below reads the same keys. */
    private static final String LOCK_THEN_UPDATE = """
            with target as (
                select tenant_id, external_id from documents
                where tenant_id = :tenant and external_id = any(:ids::text[]) and deleted_at is null
                order by external_id
                for update
            ), changed as (
                update documents d
            """;
    private static final String SAME_ROWS = """
                where d.tenant_id = :tenant and d.external_id = any(:ids::text[]) and d.deleted_at is null
                  and (select count(*) from target) > 0
            """;
    private static final String COUNTED = """
                returning 1
            )
            select (select count(*) from target) as matched, (select count(*) from changed) as changed
            """;
    private static final String CLASSIFY = LOCK_THEN_UPDATE + """
                set category = :category, classification_status = 'confirmed', updated_at = now()
            """ + SAME_ROWS + """
                  and (d.category is distinct from :category or d.classification_status <> 'confirmed')
            """ + COUNTED;
    private static final String CONFIRM = LOCK_THEN_UPDATE + """
                set classification_status = 'confirmed', updated_at = now()
            """ + SAME_ROWS + """
                  and d.classification_status <> 'confirmed'
            """ + COUNTED;
    // A user tombstone: the row stays (so the source cannot resurrect it), its content is purged.
    private static final String DELETE = LOCK_THEN_UPDATE + """
                set deleted_at = now(), deleted_by = 'user', title = null, content = null, metadata = '{}',
                    url = null, author = null, updated_at = now()
            """ + SAME_ROWS + COUNTED;

    private final TenantScope scope;

    BulkOperations(TenantScope scope) {
        this.scope = scope;
    }

    BulkResult classify(Tenant tenant, List<String> ids, String category) {
        return scope.write(tenant, jdbc -> jdbc.sql(CLASSIFY).param("tenant", tenant.id())
                .param("ids", ids.toArray(String[]::new)).param("category", category)
                .query(BulkResult.class).single());
    }

    BulkResult confirm(Tenant tenant, List<String> ids) {
        return run(tenant, CONFIRM, ids);
    }

    BulkResult delete(Tenant tenant, List<String> ids) {
        return run(tenant, DELETE, ids);
    }

    private BulkResult run(Tenant tenant, String sql, List<String> ids) {
        return scope.write(tenant, jdbc -> jdbc.sql(sql).param("tenant", tenant.id())
                .param("ids", ids.toArray(String[]::new)).query(BulkResult.class).single());
    }
}
