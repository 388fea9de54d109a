package dev.secondbrain.ingest.tenants;

import dev.secondbrain.schemas.ApiKeys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/** Tenants and their API keys in the store. Keys are stored only as SHA-256. */
@Component
class Tenants {

    private static final String INSERT_TENANT = """
            insert into tenants (tenant_id, name, events_per_second) values (?, ?, ?)
            """;
    private static final String INSERT_KEY = """
            insert into api_keys (tenant_id, key_id, key_hash)
            select tenant_id, ?, ? from tenants where tenant_id = ?
            """;
    private static final String REVOKE_KEY = """
            update api_keys set revoked_at = coalesce(revoked_at, now()) where key_id = ?
            """;
    private static final String FIND_BY_HASH = """
            select k.tenant_id, k.key_id, t.events_per_second
            from api_keys k join tenants t on t.tenant_id = k.tenant_id
            where k.key_hash = ? and k.revoked_at is null
            """;

    /** A key as issued: the only moment its text exists outside the connector. */
    record IssuedKey(UUID keyId, String key) {
    }

    private final JdbcClient jdbc;

    Tenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID create(String name, Integer eventsPerSecond) {
        var tenantId = UUID.randomUUID();
        jdbc.sql(INSERT_TENANT).params(tenantId, name, eventsPerSecond).update();
        return tenantId;
    }

    /** A new key for the tenant, or empty when there is no such tenant. */
    Optional<IssuedKey> issueKey(UUID tenantId) {
        var key = ApiKeys.generate();
        var keyId = UUID.randomUUID();
        int rows = jdbc.sql(INSERT_KEY).params(keyId, ApiKeys.hash(key), tenantId).update();
        return rows == 0 ? Optional.empty() : Optional.of(new IssuedKey(keyId, key));
    }

    /** True when the key exists (revoking twice is not an error). */
    boolean revoke(UUID keyId) {
        return jdbc.sql(REVOKE_KEY).param(keyId).update() > 0;
    }

    Optional<AuthenticatedTenant> findByKeyHash(byte[] keyHash) {
        return jdbc.sql(FIND_BY_HASH).param(keyHash).query(AuthenticatedTenant.class).optional();
    }
}
