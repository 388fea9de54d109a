package dev.secondbrain.ingest.tenants;

import dev.secondbrain.access.Scope;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A key to issue: its scopes (at least one of {@code events:write}, {@code documents:read}, {@code documents:write},
 * {@code tenant:admin}) and, optionally, when it expires.
 */
record NewKey(@NotEmpty @Size(max = 4) List<@NotNull String> scopes, @Future OffsetDateTime expiresAt) {

    @AssertTrue(message = "must each be one of events:write, documents:read, documents:write, tenant:admin")
    boolean isScopesKnown() {
        return scopes == null || scopes.stream().allMatch(s -> s == null || Scope.of(s).isPresent());
    }

    Set<Scope> scopeSet() {
        return scopes.stream().map(Scope::of).flatMap(Optional::stream).collect(Collectors.toSet());
    }
}
