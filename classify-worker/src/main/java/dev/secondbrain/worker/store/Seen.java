package dev.secondbrain.worker.store;

import java.util.UUID;

/**
 * A document the source proved to have without new content: only its {@code version}, {@code last_sync_id}
 * and {@code applied_seq} move (the sync sweep deletes what a sync did not see and nothing applied after the
 * sync opened, so the mark is needed); a sweep tombstone of the same content becomes live again.
 */
public record Seen(UUID tenantId, String externalId, long version, UUID syncId) {
}
