package dev.secondbrain.api.bulk;

import dev.secondbrain.api.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BulkController {

    private final BulkOperations operations;

    BulkController(BulkOperations operations) {
        this.operations = operations;
    }

    @Operation(summary = "Set the category of up to 1000 live documents and mark them confirmed")
    @PostMapping("/v1/documents/classify")
    BulkResult classify(Tenant tenant, @Valid @RequestBody Classification body) {
        return operations.classify(tenant, body.externalIds(), body.category());
    }

    @Operation(summary = "Mark up to 1000 live documents confirmed")
    @PostMapping("/v1/documents/confirm")
    BulkResult confirm(Tenant tenant, @Valid @RequestBody Ids body) {
        return operations.confirm(tenant, body.externalIds());
    }

    @Operation(summary = "Delete up to 1000 documents (user tombstones: no source event brings them back; "
            + "content kept for the retention window, so a restore brings them back whole)")
    @PostMapping("/v1/documents/delete")
    BulkResult delete(Tenant tenant, @Valid @RequestBody Ids body) {
        return operations.delete(tenant, body.externalIds());
    }

    @Operation(summary = "Restore up to 1000 documents deleted by a user or by a sync's sweep",
            description = "matched: tombstones among the ids; changed: restored; purged: erased, cannot be restored "
                    + "(source deletes are erased at once)")
    @PostMapping("/v1/documents/restore")
    Restored restore(Tenant tenant, @Valid @RequestBody Ids body) {
        return operations.restore(tenant, body.externalIds());
    }

    @Operation(summary = "Erase up to 1000 documents now (erasure request): content gone, never restorable")
    @PostMapping("/v1/documents/purge")
    BulkResult purge(Tenant tenant, @Valid @RequestBody Ids body) {
        return operations.purge(tenant, body.externalIds());
    }
}
