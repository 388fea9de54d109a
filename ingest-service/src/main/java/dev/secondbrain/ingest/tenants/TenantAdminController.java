package dev.secondbrain.ingest.tenants;

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

/** Admin API: tenants and their API keys. Guarded by {@link AdminAuthentication}. */
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

    /** The key is in this response only; the store keeps its SHA-256. */
    @PostMapping("/v1/admin/tenants/{tenantId}/keys")
    ResponseEntity<?> issueKey(@PathVariable UUID tenantId) {
        return tenants.issueKey(tenantId)
                .<ResponseEntity<?>>map(key -> ResponseEntity.status(HttpStatus.CREATED)
                        .header("Cache-Control", "no-store")
                        .body(key))
                .orElseGet(() -> notFound("No tenant " + tenantId + "."));
    }

    @DeleteMapping("/v1/admin/keys/{keyId}")
    ResponseEntity<?> revokeKey(@PathVariable UUID keyId) {
        if (!tenants.revoke(keyId)) {
            return notFound("No API key " + keyId + ".");
        }
        lookups.forget(keyId);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<?> notFound(String detail) {
        return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail)).build();
    }
}
