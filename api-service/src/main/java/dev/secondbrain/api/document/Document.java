package dev.secondbrain.api.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.OffsetDateTime;

/**
 * One document with its content; {@code metadata} is the stored JSON object as is. {@code deletion} is present
 * only for a tombstone asked for with {@code includeDeleted=true}: its provenance
 * {@code {deletedBy, deletedAt, syncId, jobId, keyId, reason, purged, purgedAt}}.
 */
record Document(String externalId, String source, String title, String content, String mimeType, String url,
                String author, @JsonRawValue String metadata, String category, Float confidence,
                String classificationStatus, OffsetDateTime sourceCreatedAt, OffsetDateTime sourceUpdatedAt,
                OffsetDateTime createdAt, OffsetDateTime updatedAt, long version,
                @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String deletion) {
}
