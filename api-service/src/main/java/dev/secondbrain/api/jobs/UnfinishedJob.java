package dev.secondbrain.api.jobs;

import java.util.UUID;

record UnfinishedJob(UUID tenantId, UUID jobId) {
}
