package dev.secondbrain.ingest.tenants;

import dev.secondbrain.access.Audit;
import dev.secondbrain.access.KeyLookups;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** A tenant's own keys, managed with a key of scope {@code tenant:admin}: never another tenant's. */
@RestController
class TenantKeysController {

    private final Tenants tenants;
    private final KeyLookups lookups;

    TenantKeysController(Tenants tenants, KeyLookups lookups) {
        this.tenants = tenants;
        this.lookups = lookups;
    }

    @Operation(summary = "The tenant's keys: id, scopes, created, expires, last used (to the minute), revoked")
    @GetMapping("/v1/keys")
    List<Tenants.KeyInfo> keys(@Parameter(hidden = true) AuthenticatedTenant tenant) {
        return tenants.keys(tenant.tenantId());
    }

    @Operation(summary = "Issue a key of this tenant {scopes, expiresAt?}; the key is in this response only")
    @PostMapping("/v1/keys")
    ResponseEntity<Tenants.IssuedKey> issue(@Parameter(hidden = true) AuthenticatedTenant tenant,
                                            @Valid @RequestBody NewKey key) {
        var issued = tenants.issueKey(tenant.tenantId(), key.scopeSet(), key.expiresAt(),
                Audit.Actor.key(tenant.keyId())).orElseThrow();
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(issued);
    }

    @Operation(summary = "Revoke a key of this tenant (404 for another tenant's)")
    @DeleteMapping("/v1/keys/{keyId}")
    ResponseEntity<?> revoke(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable UUID keyId) {
        if (!tenants.revoke(keyId, tenant.tenantId(), Audit.Actor.key(tenant.keyId()))) {
            return TenantAdminController.notFound("No API key " + keyId + " of this tenant.");
        }
        lookups.forget(keyId);
        return ResponseEntity.noContent().build();
    }
}
