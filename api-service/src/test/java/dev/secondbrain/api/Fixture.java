package dev.secondbrain.api;

import dev.secondbrain.api.tenancy.Tenant;
import dev.secondbrain.schemas.ApiKeys;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

/**
 * Writes what other processes would: tenants and keys as the intake does, documents in the shape the
 * classify worker stores them (as the table owner, outside row-level security).
 */
record Fixture(JdbcClient jdbc) {

    record Client(Tenant tenant, String key) {
        UUID id() {
            return tenant.id();
        }
    }

    private static final String TENANT = "insert into tenants (tenant_id, name) values (?, ?)";
    private static final String KEY = """
            insert into api_keys (tenant_id, key_id, key_hash, scopes) values (?, ?, ?, ?)""";
    static final String[] ALL_SCOPES = {"events:write", "documents:read", "documents:write", "tenant:admin"};
    private static final String DOCUMENT = """
            insert into documents (tenant_id, external_id, source, version, title, content, mime_type, metadata,
                                   content_hash, category, confidence, classification_status)
            values (:tenant, :id, :source, 1, :title, :content, 'text/plain', '{"k":"v"}',
                    sha256(convert_to(:content, 'UTF8')), :category, 0.9, :status)
            """;
    // The generated corpus: ids doc-0000001.., four sources, three categories (one null), two statuses.
    private static final String DOCUMENTS = """
            insert into documents (tenant_id, external_id, source, version, title, content, mime_type,
                                   content_hash, category, confidence, classification_status)
            select :tenant, :prefix || lpad(i::text, 7, '0'), (array['slack', 'gmail', 'gdrive', 'notion'])[1 + i % 4],
                   1, 'Document ' || i,
                   'Notes number ' || i || ' about ' || (array['kafka', 'postgres', 'gardening'])[1 + i % 3],
                   'text/plain', sha256(convert_to(i::text, 'UTF8')),
                   (array['work', 'personal', null])[1 + i % 3], 0.8,
                   (array['classified', 'needs_review'])[1 + i % 2]
            from generate_series(:from, :to) i
            """;

    /** A tenant with a key of every scope. */
    Client tenant() {
        return tenant(ALL_SCOPES);
    }

    /** A tenant with a key of these scopes. */
    Client tenant(String... scopes) {
        var id = UUID.randomUUID();
        jdbc.sql(TENANT).params(id, "tenant " + id).update();
        return key(id, scopes);
    }

    /** Another key of the tenant, with these scopes. */
    Client key(UUID tenant, String... scopes) {
        var key = ApiKeys.generate();
        var keyId = UUID.randomUUID();
        jdbc.sql(KEY).params(tenant, keyId, ApiKeys.hash(key), scopes).update();
        return new Client(new Tenant(tenant, keyId), key);
    }

    void document(Client client, String id, String source, String category, String status, String title,
                  String content) {
        jdbc.sql(DOCUMENT).param("tenant", client.id()).param("id", id).param("source", source)
                .param("title", title).param("content", content).param("category", category)
                .param("status", status).update();
    }

    void document(Client client, String id, String content) {
        document(client, id, "notes", "work", "classified", "Title of " + id, content);
    }

    void documents(Client client, String prefix, int from, int to) {
        jdbc.sql(DOCUMENTS).param("tenant", client.id()).param("prefix", prefix).param("from", from)
                .param("to", to).update();
    }

    /** A sweep tombstone as the worker writes it when full sync {@code sync} did not list the document. */
    void sweptBy(Client client, UUID sync, String id) {
        jdbc.sql("""
                update documents set deleted_at = now(), deleted_by = 'sync', deleted_sync_id = ?, last_change = 'deleted'
                where tenant_id = ? and external_id = ?""").params(sync, client.id(), id).update();
    }

    /** A full sync of {@code source} in {@code state}, opened now (after every document stored so far). */
    UUID sync(Client client, String source, String state) {
        var sync = UUID.randomUUID();
        jdbc.sql("insert into sync_runs (tenant_id, sync_id, source, mode, state) values (?, ?, ?, 'full', ?)")
                .params(client.id(), sync, source, state).update();
        return sync;
    }

    /** A tombstone as the worker writes it when the source deletes a document. */
    void deletedBySource(Client client, String id) {
        jdbc.sql("""
                update documents set deleted_at = now(), deleted_by = 'source', content = null, title = null,
                    purged_at = now(), last_change = 'deleted'
                where tenant_id = ? and external_id = ?""").params(client.id(), id).update();
    }
}
