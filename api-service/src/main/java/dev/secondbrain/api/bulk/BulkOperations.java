package dev.secondbrain.api.bulk;

import dev.secondbrain.access.Audit;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Each operation is ONE statement whatever the number of ids: a CTE locks the tenant's rows among the ids in
 * external_id order (so two concurrent calls cannot deadlock), the update changes only rows that differ, and
 * the result counts both. Repeating a call changes nothing more. The update repeats the key predicate instead
 * of joining the CTE (so it is an index lookup whatever the statistics say); its
 * {@code (select count(*) from target)} runs the locking CTE to the end before the first row is updated.
 */
@Component
class BulkOperations {

    /*
     * Restore: the tenant's tombstones among the ids (matched); those a user or a sweep made and whose content
     * is kept become live (changed) with a new applied_seq, so a full sync that is running does not sweep them
     * right back; source tombstones and erased ones stay (purged counts the erased).
     */
    private static final String RESTORE = """
            with target as (
                select tenant_id, external_id, purged_at from documents
                where tenant_id = :tenant and external_id = any(:ids::text[]) and deleted_at is not null
                order by external_id
                for update
            ), changed as (
                update documents d
                set deleted_at = null, deleted_by = null, deleted_sync_id = null, deleted_job_id = null,
                    deleted_key_id = null, applied_seq = nextval('document_applied_seq'), last_change = 'restored',
                    updated_at = now()
                where d.tenant_id = :tenant and d.external_id = any(:ids::text[]) and d.deleted_at is not null
                  and d.deleted_by in ('user', 'sync') and d.purged_at is null
                  and (select count(*) from target) > 0
                returning 1
            )
            select (select count(*) from target) as matched, (select count(*) from changed) as changed,
                   (select count(*) from target where purged_at is not null) as purged
            """;
    /*
     * Erasure: every document among the ids (matched) that still has content loses it now (changed). A live
     * document or a sweep tombstone becomes a user tombstone first (no event brings an erased document back; the
     * key that asked is recorded); a user tombstone keeps its provenance.
     */
    private static final String PURGE = """
            with target as (
                select tenant_id, external_id from documents
                where tenant_id = :tenant and external_id = any(:ids::text[])
                order by external_id
                for update
            ), changed as (
                update documents d
                set deleted_at = coalesce(d.deleted_at, now()),
                    deleted_by = case when d.deleted_by = 'source' then 'source' else 'user' end,
                    deleted_key_id = case when d.deleted_by = 'user' then d.deleted_key_id
                                          when d.deleted_by = 'source' then null else :key end,
                    deleted_job_id = case when d.deleted_by = 'user' then d.deleted_job_id end,
                    deleted_sync_id = null,
                    title = null, content = null, metadata = '{}', url = null, author = null, content_hash = null,
                    purged_at = now(), last_change = 'purged', updated_at = now()
                where d.tenant_id = :tenant and d.external_id = any(:ids::text[]) and d.purged_at is null
                  and (select count(*) from target) > 0
                returning 1
            )
            select (select count(*) from target) as matched, (select count(*) from changed) as changed
            """;

    private final TenantScope scope;

    BulkOperations(TenantScope scope) {
        this.scope = scope;
    }

    BulkResult classify(Tenant tenant, List<String> ids, String category) {
        return scope.write(tenant, jdbc -> jdbc.sql(BulkStatements.CLASSIFY).param("tenant", tenant.id())
                .param("ids", ids.toArray(String[]::new)).param("category", category)
                .query(BulkResult.class).single());
    }

    BulkResult confirm(Tenant tenant, List<String> ids) {
        return scope.write(tenant, jdbc -> jdbc.sql(BulkStatements.CONFIRM).param("tenant", tenant.id())
                .param("ids", ids.toArray(String[]::new)).query(BulkResult.class).single());
    }

    BulkResult delete(Tenant tenant, List<String> ids) {
        return byKey(tenant, BulkStatements.DELETE, ids, Audit.Action.BULK_DELETE);
    }

    /** Restores, and records it in the audit log in the same transaction. */
    Restored restore(Tenant tenant, List<String> ids) {
        return scope.write(tenant, jdbc -> {
            var restored = jdbc.sql(RESTORE).param("tenant", tenant.id())
                    .param("ids", ids.toArray(String[]::new)).query(Restored.class).single();
            Audit.record(jdbc, tenant.id(), Audit.Actor.key(tenant.keyId()), Audit.Action.RESTORE, restored.changed(),
                    null);
            return restored;
        });
    }

    BulkResult purge(Tenant tenant, List<String> ids) {
        return byKey(tenant, PURGE, ids, Audit.Action.PURGE);
    }

    /** A deletion by key, recorded in the audit log (how many documents it changed) in the same transaction. */
    private BulkResult byKey(Tenant tenant, String sql, List<String> ids, Audit.Action action) {
        return scope.write(tenant, jdbc -> {
            var result = jdbc.sql(sql).param("tenant", tenant.id())
                    .param("ids", ids.toArray(String[]::new)).param("key", tenant.keyId())
                    .query(BulkResult.class).single();
            Audit.record(jdbc, tenant.id(), Audit.Actor.key(tenant.keyId()), action, result.changed(), null);
            return result;
        });
    }
}
