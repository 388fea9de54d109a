package dev.secondbrain.worker.store;

import java.util.UUID;

/**
 * What the worker needs to know of a stored row to decide whether an event changes it: version, content hash,
 * who deleted it (null when live), whether its content was erased, and whether a full sync of its
 * tenant+source is open right now (then even an unchanged upsert is recorded as applied, so the sync's sweep
 * keeps a document its source just proved to have).
 */
public record StoredDocument(UUID tenantId, String externalId, long version, byte[] contentHash, String deletedBy,
                             UUID lastSyncId, boolean purged, boolean syncOpen) {

    public String key() {
        return tenantId + "/" + externalId;
    }

    public boolean deleted() {
        return deletedBy != null;
    }

    public boolean deletedByUser() {
        return "user".equals(deletedBy);
    }

    public boolean deletedBySource() {
        return "source".equals(deletedBy);
    }

    public boolean sweptBySync() {
        return "sync".equals(deletedBy);
    }
}
