package dev.secondbrain.api.document;

import dev.secondbrain.api.NotFound;
import dev.secondbrain.api.cursor.Cursors;
import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.api.tenancy.TenantScope;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Live documents of a tenant. Lists are keyset pages in external_id order, so each filter is served by
 * its partial index ({@code documents_live}, {@code _by_source}, {@code _by_category}, {@code _by_status})
 * and a deep page costs what the first does; nothing is counted. The statement is assembled only from the
 * constant fragments below, one per filter present; every value is bound.
 */
@Component
class Documents {

    private static final String LIST = """
            select external_id, source, title, mime_type, url, author, category, confidence,
                   classification_status, source_created_at, source_updated_at, updated_at, version,
                   null::text as deletion
            from documents
            where tenant_id = :tenant and deleted_at is null
            """;
    private static final String WITH_SOURCE = "and source = :source\n";
    private static final String WITH_CATEGORY = "and category = :category\n";
    private static final String WITH_STATUS = "and classification_status = :status\n";
    private static final String UPDATED_AFTER = "and updated_at > :updatedAfter\n";
    private static final String AFTER_KEY = "and external_id > :after\n";
    private static final String PAGE = "order by external_id limit :limit";

    private static final String ONE = """
            select external_id, source, title, content, mime_type, url, author, metadata::text as metadata,
                   category, confidence, classification_status, source_created_at, source_updated_at,
                   created_at, updated_at, version, null::text as deletion
            from documents
            where tenant_id = :tenant and external_id = :externalId and deleted_at is null
            """;
    // includeDeleted=true: live or tombstone, with the tombstone's provenance
    private static final String ONE_OR_TOMBSTONE = """
            select external_id, source, title, content, mime_type, url, author, metadata::text as metadata,
                   category, confidence, classification_status, source_created_at, source_updated_at,
                   created_at, updated_at, version, deletion_provenance(d)::text as deletion
            from documents d
            where tenant_id = :tenant and external_id = :externalId
            """;
    // The trash: tombstones in key order, each with its provenance (index documents_trash); no COUNT.
    private static final String TRASH = """
            select external_id, source, title, mime_type, url, author, category, confidence,
                   classification_status, source_created_at, source_updated_at, updated_at, version,
                   deletion_provenance(d)::text as deletion
            from documents d
            where tenant_id = :tenant and deleted_at is not null and external_id > :after
            order by external_id limit :limit
            """;
    private static final String TRASH_SCOPE = "trash";

    private final TenantScope scope;
    private final Cursors cursors;

    Documents(TenantScope scope, Cursors cursors) {
        this.scope = scope;
        this.cursors = cursors;
    }

    DocumentPage list(Tenant tenant, DocumentFilter filter, int limit, String cursor) {
        var after = cursor == null ? null : cursors.decode(tenant, filter.scope(), cursor).getFirst();
        var sql = new StringBuilder(LIST);
        if (filter.source() != null) sql.append(WITH_SOURCE);
        if (filter.category() != null) sql.append(WITH_CATEGORY);
        if (filter.status() != null) sql.append(WITH_STATUS);
        if (filter.updatedAfter() != null) sql.append(UPDATED_AFTER);
        if (after != null) sql.append(AFTER_KEY);
        sql.append(PAGE);
        List<DocumentSummary> rows = scope.read(tenant, jdbc -> {
            var statement = jdbc.sql(sql.toString()).param("tenant", tenant.id()).param("limit", limit + 1);
            if (filter.source() != null) statement = statement.param("source", filter.source());
            if (filter.category() != null) statement = statement.param("category", filter.category());
            if (filter.status() != null) statement = statement.param("status", filter.status());
            if (filter.updatedAfter() != null) statement = statement.param("updatedAfter", filter.updatedAfter());
            if (after != null) statement = statement.param("after", after);
            return statement.query(DocumentSummary.class).list();
        });
        if (rows.size() <= limit) {
            return new DocumentPage(rows, null);
        }
        var page = rows.subList(0, limit);
        var next = cursors.encode(tenant, filter.scope(), List.of(page.getLast().externalId()));
        return new DocumentPage(List.copyOf(page), next);
    }

    Document one(Tenant tenant, String externalId, boolean includeDeleted) {
        var sql = includeDeleted ? ONE_OR_TOMBSTONE : ONE;
        return scope.read(tenant, jdbc -> jdbc.sql(sql).param("tenant", tenant.id()).param("externalId", externalId)
                .query(Document.class).optional()).orElseThrow(NotFound::new);
    }

    /** A keyset page of the tenant's tombstones in external_id order. */
    DocumentPage trash(Tenant tenant, int limit, String cursor) {
        var after = cursor == null ? "" : cursors.decode(tenant, TRASH_SCOPE, cursor).getFirst();
        List<DocumentSummary> rows = scope.read(tenant, jdbc -> jdbc.sql(TRASH).param("tenant", tenant.id())
                .param("after", after).param("limit", limit + 1).query(DocumentSummary.class).list());
        if (rows.size() <= limit) {
            return new DocumentPage(rows, null);
        }
        var page = rows.subList(0, limit);
        return new DocumentPage(List.copyOf(page),
                cursors.encode(tenant, TRASH_SCOPE, List.of(page.getLast().externalId())));
    }
}
