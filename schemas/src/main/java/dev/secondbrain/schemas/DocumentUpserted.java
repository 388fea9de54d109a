package dev.secondbrain.schemas;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A source created or changed a document; {@code version} is monotonic per source document. */
public record DocumentUpserted(
        UUID tenantId,
        String externalId,
        String source,
        long version,
        String title,
        String content,
        String mimeType,
        String url,
        String author,
        Instant sourceCreatedAt,
        Instant sourceUpdatedAt,
        Map<String, Object> metadata,
        UUID syncId) implements DocumentEvent {

    public DocumentUpserted {
        metadata = metadata == null ? Map.of() : metadata;
    }

    @Override
    public DocumentUpserted withTenant(UUID tenantId) {
        return new DocumentUpserted(tenantId, externalId, source, version, title, content, mimeType, url, author,
                sourceCreatedAt, sourceUpdatedAt, metadata, syncId);
    }
}
