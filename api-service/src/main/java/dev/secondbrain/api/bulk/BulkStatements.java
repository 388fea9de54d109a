package dev.secondbrain.api.bulk;

/**
 * The bulk operations' statements (see {@link BulkOperations}), public so the benchmark times exactly these.
 * Parameters: {@code :tenant}, {@code :ids} (text[]), {@code :category} (classify), {@code :key} (delete);
 * each selects {@code matched} and {@code changed}.
 */
public final class BulkStatements {

    public static final String CLASSIFY = statement("""
            set category = :category, classification_status = 'confirmed', last_change = 'updated',
                updated_at = now()""",
            "and (d.category is distinct from :category or d.classification_status <> 'confirmed')");
    public static final String CONFIRM = statement("""
            set classification_status = 'confirmed', last_change = 'updated', updated_at = now()""",
            "and d.classification_status <> 'confirmed'");
    // A user tombstone: the row stays (no source event can bring it back), its content is kept for the
    // retention window so a restore brings it back whole; the key that asked is recorded.
    public static final String DELETE = statement("""
            set deleted_at = now(), deleted_by = 'user', deleted_key_id = :key, last_change = 'deleted',
                updated_at = now()""", "");

    /** Lock the tenant's live rows among the ids in key order, update those {@code onlyIf} says differ, count both. */
    private static String statement(String set, String onlyIf) {
        return """
                with target as (
                    select tenant_id, external_id from documents
                    where tenant_id = :tenant and external_id = any(:ids::text[]) and deleted_at is null
                    order by external_id
                    for update
                ), changed as (
                    update documents d
                    %s
                    where d.tenant_id = :tenant and d.external_id = any(:ids::text[]) and d.deleted_at is null
                      and (select count(*) from target) > 0
                      %s
                    returning 1
                )
                select (select count(*) from target) as matched, (select count(*) from changed) as changed
                """.formatted(set, onlyIf);
    }

    private BulkStatements() {
    }
}
