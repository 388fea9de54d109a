package dev.secondbrain.worker.store;

import java.util.UUID;

/**
 * An unchanged document seen again at a newer version or by another full sync: only its {@code version}
 * and {@code last_sync_id} move (the sync sweep deletes what a sync did not see, so the mark is needed).
 */
public record Seen(UUID tenantId, String externalId, long version, UUID syncId) {
}
