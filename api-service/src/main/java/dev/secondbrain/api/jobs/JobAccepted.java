package dev.secondbrain.api.jobs;

import java.util.UUID;

/** A job was accepted: follow it at {@code /v1/jobs/{jobId}}. */
public record JobAccepted(UUID jobId) {
}
