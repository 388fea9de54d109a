package dev.secondbrain.schemas;

import java.util.UUID;

/** A source deleted a document; the store keeps a tombstone at this version. */
public record DocumentDeleted(
        UUID tenantId,
        String externalId,
        String source,
        long version,
        UUID syncId) implements DocumentEvent {

    @Override
    public DocumentDeleted withTenant(UUID tenantId) {
        return new DocumentDeleted(tenantId, externalId, source, version, syncId);
    }
}
