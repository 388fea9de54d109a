package dev.secondbrain.schemas;

import java.time.Instant;
import java.util.UUID;

/**
 * One committed change of a stored document, on {@link Topics#CHANGES} in commit order per key
 * ({@code <tenantId>/<externalId>}). No content: consumers read the document through the API.
 * Delivery is at least once; a duplicate carries the same {@code lsn} and {@code version}.
 *
 * @param operation   {@code created}, {@code updated}, {@code deleted} (the row became a tombstone),
 *                    {@code restored} (a tombstone became live again: restore, revert, or a sweep undone by an
 *                    upsert), {@code purged} (content erased) or {@code removed} (the row itself was removed)
 * @param deletedBy   who made the tombstone ({@code source}, {@code sync}, {@code user}); null when live
 * @param lsn         the commit's position in the write-ahead log, e.g. {@code 0/16B3748}
 */
public record DocumentChanged(
        String operation,
        UUID tenantId,
        String externalId,
        long version,
        String category,
        String status,
        boolean deleted,
        String deletedBy,
        String lsn,
        Instant committedAt) {

    public String key() {
        return tenantId + "/" + externalId;
    }
}
