package dev.secondbrain.ingest.tenants;

import dev.secondbrain.schemas.ApiKeys;
import org.springframework.stereotype.Component;

import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves API keys to tenants, reusing each lookup (found or not) for {@link ApiKeySettings#cacheTtl()}.
 * Bounded: when full it is emptied, which costs one query per active key.
 */
@Component
class KeyLookups {

    private record Lookup(Optional<AuthenticatedTenant> tenant, long expiresAtNanos) {
    }

    private final Tenants tenants;
    private final long ttlNanos;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Lookup> cache = new ConcurrentHashMap<>();

    KeyLookups(Tenants tenants, ApiKeySettings settings) {
        this.tenants = tenants;
        this.ttlNanos = settings.cacheTtl().toNanos();
        this.maxEntries = settings.cacheSize();
    }

    /** The key's tenant; empty for a malformed, unknown or revoked key (callers answer all three alike). */
    Optional<AuthenticatedTenant> tenantOf(String key) {
        if (!ApiKeys.wellFormed(key)) {
            return Optional.empty();
        }
        var hash = ApiKeys.hash(key);
        var id = HexFormat.of().formatHex(hash);
        long now = System.nanoTime();
        var cached = cache.get(id);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return cached.tenant();
        }
        var found = tenants.findByKeyHash(hash);
        if (ttlNanos > 0) {
            if (cache.size() >= maxEntries) {
                cache.clear();
            }
            cache.put(id, new Lookup(found, now + ttlNanos));
        }
        return found;
    }

    /** Forgets a revoked key at once on this instance. */
    void forget(UUID keyId) {
        cache.values().removeIf(l -> l.tenant().map(t -> t.keyId().equals(keyId)).orElse(false));
    }
}
