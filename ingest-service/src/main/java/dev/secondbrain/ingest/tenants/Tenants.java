package dev.secondbrain.ingest.tenants;

import dev.secondbrain.access.Audit;
import dev.secondbrain.access.Scope;
import dev.secondbrain.schemas.ApiKeys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tenants and their API keys in the store. Keys are stored only as SHA-256, with their scopes and expiry; issuing
 * and revoking a key is recorded in the audit log in the same transaction.
 */
@Component
class Tenants {

    private static final String INSERT_TENANT = """
            insert into tenants (tenant_id, name, events_per_second) values (?, ?, ?)
            """;
    private static final String INSERT_KEY = """
            insert into api_keys (tenant_id, key_id, key_hash, scopes, expires_at)
            select tenant_id, ?, ?, ?, ? from tenants where tenant_id = ?
            """;
    private static final String REVOKE_KEY = """
            update api_keys set revoked_at = coalesce(revoked_at, now())
            where key_id = ? and (cast(? as uuid) is null or tenant_id = ?)
            returning tenant_id
            """;
    private static final String KEYS_OF_TENANT = """
            select key_id, scopes, created_at, expires_at, last_used_at, revoked_at from api_keys
            where tenant_id = ? order by created_at, key_id
            """;

    /** A key as issued: the only moment its text exists outside the connector. */
    record IssuedKey(UUID keyId, String key, List<String> scopes, OffsetDateTime expiresAt) {
    }

    /** A key as its tenant's admin sees it: never its text or hash. */
    record KeyInfo(UUID keyId, List<String> scopes, OffsetDateTime createdAt, OffsetDateTime expiresAt,
                   OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    Tenants(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    UUID create(String name, Integer eventsPerSecond) {
        var tenantId = UUID.randomUUID();
        jdbc.sql(INSERT_TENANT).params(tenantId, name, eventsPerSecond).update();
        return tenantId;
    }

    /** A new key for the tenant with these scopes, or empty when there is no such tenant. */
    Optional<IssuedKey> issueKey(UUID tenantId, Set<Scope> scopes, OffsetDateTime expiresAt, Audit.Actor actor) {
        var key = ApiKeys.generate();
        var keyId = UUID.randomUUID();
        var values = scopes.stream().map(Scope::value).sorted().toList();
        return transactions.execute(status -> {
            int rows = jdbc.sql(INSERT_KEY).params(keyId, ApiKeys.hash(key), values.toArray(String[]::new), expiresAt,
                    tenantId).update();
            if (rows == 0) {
                return Optional.empty();
            }
            Audit.record(jdbc, tenantId, actor, Audit.Action.KEY_ISSUED, 1L,
                    "{\"keyId\":\"" + keyId + "\",\"scopes\":[" + String.join(",", values.stream()
                            .map(v -> "\"" + v + "\"").toList()) + "]}");
            return Optional.of(new IssuedKey(keyId, key, values, expiresAt));
        });
    }

    /** Revokes the key (of {@code tenantId} only, unless null); false when there is none (twice is not an error). */
    boolean revoke(UUID keyId, UUID tenantId, Audit.Actor actor) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            var tenant = jdbc.sql(REVOKE_KEY).params(keyId, tenantId, tenantId).query(UUID.class).optional();
            tenant.ifPresent(t -> Audit.record(jdbc, t, actor, Audit.Action.KEY_REVOKED, 1L,
                    "{\"keyId\":\"" + keyId + "\"}"));
            return tenant.isPresent();
        }));
    }

    List<KeyInfo> keys(UUID tenantId) {
        return jdbc.sql(KEYS_OF_TENANT).param(tenantId).query((row, n) -> new KeyInfo(row.getObject(1, UUID.class),
                List.of((String[]) row.getArray(2).getArray()), row.getObject(3, OffsetDateTime.class),
                row.getObject(4, OffsetDateTime.class), row.getObject(5, OffsetDateTime.class),
                row.getObject(6, OffsetDateTime.class))).list();
    }
}
