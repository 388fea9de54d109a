package dev.secondbrain.access;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * Who an API key speaks for: the tenant (decided by the key, never by a request), the key itself (recorded on what
 * its requests delete and in the audit log), its scopes, when it expires (null: never) and the tenant's intake rate
 * (null: the intake's default).
 */
public record KeyPrincipal(UUID tenantId, UUID keyId, Set<Scope> scopes, OffsetDateTime expiresAt,
                           Integer eventsPerSecond) {

    public KeyPrincipal {
        scopes = Set.copyOf(scopes);
    }

    boolean expiredAt(OffsetDateTime now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
