package dev.secondbrain.api.gaps;

import java.time.OffsetDateTime;

/** A question the knowledge base could not answer. */
record Gap(long gapId, String question, String status, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
