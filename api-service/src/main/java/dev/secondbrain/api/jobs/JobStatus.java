package dev.secondbrain.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.UUID;

/**
 * Progress of a job. {@code kind}: {@code delete_all}, {@code revert_job} or {@code revert_sync}, whose
 * {@code targetId} is the delete-all job or the sync it undoes. {@code total}: documents to do when the job
 * was created (the final count once done); {@code done}: documents deleted (or restored) so far. A
 * {@code reclassify} job's {@code done} counts documents classified again, {@code changed} those whose category,
 * confidence or status changed.
 */
record JobStatus(UUID jobId, String kind, String state, Long total, long done,
                 @JsonInclude(JsonInclude.Include.NON_NULL) UUID targetId,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Long changed) {
}
