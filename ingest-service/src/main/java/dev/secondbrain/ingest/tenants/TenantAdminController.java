package dev.secondbrain.ingest.tenants;

import dev.secondbrain.access.Audit;
import dev.secondbrain.access.KeyLookups;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** Admin API (the admin token, see {@link IngestAccess}): tenants and their API keys. */
@RestController
class TenantAdminController {

    record NewTenant(@NotBlank @Size(max = 200) String name, @Min(1) Integer eventsPerSecond) {
    }

    record CreatedTenant(UUID tenantId) {
    }

    private final Tenants tenants;
    private final KeyLookups lookups;

    TenantAdminController(Tenants tenants, KeyLookups lookups) {
        this.tenants = tenants;
        this.lookups = lookups;
    }

    @PostMapping("/v1/admin/tenants")
    ResponseEntity<CreatedTenant> createTenant(@Valid @RequestBody NewTenant tenant) {
        var id = tenants.create(tenant.name().strip(), tenant.eventsPerSecond());
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedTenant(id));
    }

    /** The key is in this response only; the store keeps its SHA-256, its scopes and its expiry. */
    @PostMapping("/v1/admin/tenants/{tenantId}/keys")
    ResponseEntity<?> issueKey(@PathVariable UUID tenantId, @Valid @RequestBody NewKey key) {
        return tenants.issueKey(tenantId, key.scopeSet(), key.expiresAt(), Audit.Actor.ADMIN)
                .<ResponseEntity<?>>map(issued -> ResponseEntity.status(HttpStatus.CREATED)
                        .header("Cache-Control", "no-store")
                        .body(issued))
                .orElseGet(() -> notFound("No tenant " + tenantId + "."));
    }

    @DeleteMapping("/v1/admin/keys/{keyId}")
    ResponseEntity<?> revokeKey(@PathVariable UUID keyId) {
        if (!tenants.revoke(keyId, null, Audit.Actor.ADMIN)) {
            return notFound("No API key " + keyId + ".");
        }
        lookups.forget(keyId);
        return ResponseEntity.noContent().build();
    }

    static ResponseEntity<?> notFound(String detail) {
        return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail)).build();
    }
}
