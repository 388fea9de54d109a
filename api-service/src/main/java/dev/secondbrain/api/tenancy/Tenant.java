package dev.secondbrain.api.tenancy;

import java.util.UUID;

/** The tenant of the API key that authenticated the request; never taken from a path, query or body. */
public record Tenant(UUID id) {
}
