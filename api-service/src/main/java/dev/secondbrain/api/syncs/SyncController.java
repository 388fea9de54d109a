package dev.secondbrain.api.syncs;

import dev.secondbrain.api.jobs.JobAccepted;
import dev.secondbrain.api.jobs.Reverts;
import dev.secondbrain.api.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/**
 * Sources and full syncs as a person sees them: each source with its syncs, what a held sweep would delete and
 * confirming it, and undoing what a sweep deleted.
 */
@RestController
class SyncController {

    private final SweepPlan plan;
    private final Reverts reverts;
    private final Sources sources;
    private final Confirmations confirmations;

    SyncController(SweepPlan plan, Reverts reverts, Sources sources, Confirmations confirmations) {
        this.plan = plan;
        this.reverts = reverts;
        this.sources = sources;
        this.confirmations = confirmations;
    }

    @Operation(summary = "The tenant's sources: live documents, latest full sync and unfinished syncs of each",
            description = "A source is listed once it has documents or a full sync; at most 1000, in name order.")
    @GetMapping("/v1/sources")
    Sources.Listing sources(Tenant tenant) {
        return sources.list(tenant);
    }

    @Operation(summary = "Confirm the deletions of a sync held in needs_confirmation: it becomes sweeping",
            description = "The worker's sweeper then deletes what /v1/syncs/{syncId}/deletions lists. Audited. "
                    + "404 for an unknown or another tenant's sync, 409 unless needs_confirmation.")
    @PostMapping("/v1/syncs/{syncId}/confirm-deletions")
    Sources.Sync confirm(Tenant tenant, @PathVariable UUID syncId) {
        return confirmations.confirm(tenant, syncId);
    }

    @Operation(summary = "What this sync's sweep would delete right now (needs_confirmation or completing), "
            + "a keyset page in external id order; 409 in any other state")
    @GetMapping("/v1/syncs/{syncId}/deletions")
    SweepPlan.Page deletions(Tenant tenant, @PathVariable UUID syncId,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                             @RequestParam(required = false) @Size(max = 8192) String cursor) {
        return plan.page(tenant, syncId, limit, cursor);
    }

    @Operation(summary = "Undo what a completed sync's sweep deleted: a revert job restores its sweep tombstones",
            description = "Returns the job to follow at /v1/jobs/{jobId}; the sync becomes reverted; asking again "
                    + "returns the same job. 404 for an unknown or another tenant's sync, 409 unless completed.")
    @PostMapping("/v1/syncs/{syncId}/revert")
    ResponseEntity<JobAccepted> revert(Tenant tenant, @PathVariable UUID syncId) {
        var job = reverts.revertSync(tenant, syncId);
        return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + job)).body(new JobAccepted(job));
    }
}
