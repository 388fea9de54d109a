package dev.secondbrain.api.document;

import java.time.OffsetDateTime;

/** A document in a list: everything but its content and metadata. */
record DocumentSummary(String externalId, String source, String title, String mimeType, String url,
                       String author, String category, Float confidence, String classificationStatus,
                       OffsetDateTime sourceCreatedAt, OffsetDateTime sourceUpdatedAt, OffsetDateTime updatedAt,
                       long version) {
}
