package dev.secondbrain.api.tenancy;

import java.util.UUID;

/**
 * The tenant of the API key that authenticated the request, and that key's id (recorded on what the request
 * deletes; null for work that no request is running, such as a job resumed after a restart); never taken from
 * a path, query or body.
 */
public record Tenant(UUID id, UUID keyId) {

    /** The tenant alone, for background work on its behalf. */
    public static Tenant of(UUID id) {
        return new Tenant(id, null);
    }
}
