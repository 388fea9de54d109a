package dev.secondbrain.api.jobs;

import dev.secondbrain.api.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

@RestController
class JobController {

    private final Jobs jobs;
    private final DeleteAllRunner runner;

    JobController(Jobs jobs, DeleteAllRunner runner) {
        this.jobs = jobs;
        this.runner = runner;
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

    @Operation(summary = "Progress of a job: state (pending, running, done, failed), total and done")
    @GetMapping("/v1/jobs/{jobId}")
    JobStatus status(Tenant tenant, @PathVariable UUID jobId) {
        return jobs.status(tenant, jobId);
    }
}
