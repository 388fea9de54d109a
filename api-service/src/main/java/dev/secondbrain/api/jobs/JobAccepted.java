package dev.secondbrain.api.jobs;

import java.util.UUID;

record JobAccepted(UUID jobId) {
}
