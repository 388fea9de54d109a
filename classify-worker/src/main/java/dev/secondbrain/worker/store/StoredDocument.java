package dev.secondbrain.worker.store;

import java.util.UUID;

/** What the worker needs to know of a stored row to decide whether an event changes it. */
public record StoredDocument(UUID tenantId, String externalId, long version, byte[] contentHash, String deletedBy,
                             UUID lastSyncId) {

    public String key() {
        return tenantId + "/" + externalId;
    }

    public boolean deletedByUser() {
        return "user".equals(deletedBy);
    }

    public boolean deleted() {
        return deletedBy != null;
    }
}
