package dev.secondbrain.ingest.tenants;

import java.util.UUID;

/**
 * The tenant an API key belongs to. A controller method takes it as a parameter on any endpoint that needs a key
 * (see {@code IngestAccess}); the request has then been authenticated.
 *
 * @param eventsPerSecond the tenant's intake rate, or null for the intake's default
 */
public record AuthenticatedTenant(UUID tenantId, UUID keyId, Integer eventsPerSecond) {
}
