package dev.secondbrain.api.jobs;

import dev.secondbrain.api.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

@RestController
class JobController {

    private final Jobs jobs;
    private final JobRunner runner;
    private final Reverts reverts;

    JobController(Jobs jobs, JobRunner runner, Reverts reverts) {
        this.jobs = jobs;
        this.runner = runner;
        this.reverts = reverts;
    }

    @Operation(summary = "Delete every live document, asynchronously, in short committed chunks",
            description = "Returns the job to follow at /v1/jobs/{jobId}; while a delete-all is unfinished, "
                    + "asking again returns the same job. Documents first stored after the request are kept.")
    @DeleteMapping("/v1/documents")
    ResponseEntity<JobAccepted> deleteAll(Tenant tenant) {
        var jobId = jobs.createDeleteAll(tenant);
        runner.kick();
        return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + jobId)).body(new JobAccepted(jobId));
    }

    @Operation(summary = "Classify again every live document that is not confirmed, asynchronously, in chunks",
            description = "After confirmations changed what the tenant's model learns: the worker re-runs classification "
                    + "in committed chunks; changes show in stats and the change feed. Returns the job to follow at "
                    + "/v1/jobs/{jobId}; while one is unfinished, asking again returns the same job.")
    @PostMapping("/v1/documents/reclassify")
    ResponseEntity<JobAccepted> reclassify(Tenant tenant) {
        var jobId = jobs.createReclassify(tenant);
        return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + jobId)).body(new JobAccepted(jobId));
    }

    @Operation(summary = "Undo a finished delete-all job: restores its deletions whose content is kept, in chunks",
            description = "Returns the revert job to follow at /v1/jobs/{jobId}; asking again returns the same job. "
                    + "404 for an unknown job or another tenant's, 409 for a job that is not a finished delete-all.")
    @PostMapping("/v1/jobs/{jobId}/revert")
    ResponseEntity<JobAccepted> revert(Tenant tenant, @PathVariable UUID jobId) {
        var revert = reverts.revertJob(tenant, jobId);
        return ResponseEntity.accepted().location(URI.create("/v1/jobs/" + revert)).body(new JobAccepted(revert));
    }

    @Operation(summary = "Progress of a job: kind, state (pending, running, done, failed), total, done and targetId")
    @GetMapping("/v1/jobs/{jobId}")
    JobStatus status(Tenant tenant, @PathVariable UUID jobId) {
        return jobs.status(tenant, jobId);
    }
}
