package dev.secondbrain.api.document;

import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.OffsetDateTime;

/** One live document with its content; {@code metadata} is the stored JSON object as is. */
record Document(String externalId, String source, String title, String content, String mimeType, String url,
                String author, @JsonRawValue String metadata, String category, Float confidence,
                String classificationStatus, OffsetDateTime sourceCreatedAt, OffsetDateTime sourceUpdatedAt,
                OffsetDateTime createdAt, OffsetDateTime updatedAt, long version) {
}
