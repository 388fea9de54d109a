package dev.secondbrain.api.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.OffsetDateTime;

/** A document in a list: everything but its content and metadata; in the trash, with its {@code deletion}. */
record DocumentSummary(String externalId, String source, String title, String mimeType, String url,
                       String author, String category, Float confidence, String classificationStatus,
                       OffsetDateTime sourceCreatedAt, OffsetDateTime sourceUpdatedAt, OffsetDateTime updatedAt,
                       long version, @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String deletion) {
}
