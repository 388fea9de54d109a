package dev.secondbrain.api.jobs;

import java.util.UUID;

/**
 * Progress of a job. {@code total}: live documents when the job was created (the final count once done);
 * {@code done}: documents deleted so far.
 */
record JobStatus(UUID jobId, String kind, String state, Long total, long done) {
}
