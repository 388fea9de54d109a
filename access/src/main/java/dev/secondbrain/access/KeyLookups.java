package dev.secondbrain.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.secondbrain.schemas.ApiKeys;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Resolves API keys to their {@link KeyPrincipal}, reusing each lookup (found or not) for
 * {@code pipeline.api-keys.cache-ttl}, at most {@code cache-size} of them. The lookup is the database function
 * {@code api_key_principal} (SECURITY DEFINER): the services' logins cannot read {@code api_keys} themselves (the
 * intake's can, for its admin API), and a revoked or expired key is not found.
 */
public final class KeyLookups {

    private static final String PRINCIPAL = """
            select tenant_id, key_id, scopes, expires_at, events_per_second from api_key_principal(?)
            """;

    private final JdbcClient jdbc;
    private final Duration revocationDelay;
    private final Cache<String, Optional<KeyPrincipal>> cache;

    KeyLookups(JdbcClient jdbc, ApiKeySettings settings) {
        this.jdbc = jdbc;
        this.revocationDelay = settings.cacheTtl();
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(settings.cacheSize())
                .build();
    }

    /** The key's principal; empty for a malformed, unknown, revoked or expired key (answered alike). */
    Optional<KeyPrincipal> principalOf(String key) {
        if (!ApiKeys.wellFormed(key)) {
            return Optional.empty();
        }
        var hash = ApiKeys.hash(key);
        return cache.get(HexFormat.of().formatHex(hash), h -> find(hash));
    }

    /**
     * Whether the key is still valid now, read from the store past the cache: a long-lived request (the change
     * stream) asks this every {@code cache-ttl}, so a revocation ends it within that delay.
     */
    public boolean stillValid(KeyAuthentication authentication) {
        var found = find(HexFormat.of().parseHex(authentication.keyHash()));
        return found.isPresent() && !found.get().expiredAt(OffsetDateTime.now());
    }

    /** How long a revoked key may still work on this instance: {@code pipeline.api-keys.cache-ttl}. */
    public Duration revocationDelay() {
        return revocationDelay;
    }

    /** Forgets a revoked key at once on this instance. */
    public void forget(UUID keyId) {
        cache.asMap().values().removeIf(p -> p.map(k -> k.keyId().equals(keyId)).orElse(false));
    }

    private Optional<KeyPrincipal> find(byte[] hash) {
        return jdbc.sql(PRINCIPAL).param(hash).query(KeyLookups::principal).optional();
    }

    private static KeyPrincipal principal(ResultSet row, int n) throws SQLException {
        var events = row.getObject("events_per_second", Integer.class);
        return new KeyPrincipal(row.getObject("tenant_id", UUID.class), row.getObject("key_id", UUID.class),
                scopes(row.getArray("scopes")), row.getObject("expires_at", OffsetDateTime.class), events);
    }

    private static java.util.Set<Scope> scopes(Array array) throws SQLException {
        return Arrays.stream((String[]) array.getArray()).map(Scope::of).flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }
}
