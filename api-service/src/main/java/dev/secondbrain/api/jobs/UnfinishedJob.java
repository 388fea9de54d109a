package dev.secondbrain.api.jobs;

import java.util.UUID;

/** A job to work on: {@code delete_all}, {@code revert_job} or {@code revert_sync}. */
record UnfinishedJob(UUID tenantId, UUID jobId, String kind) {
}
