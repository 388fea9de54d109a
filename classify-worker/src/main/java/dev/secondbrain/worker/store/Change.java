package dev.secondbrain.worker.store;

import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.worker.classify.Classification;
import dev.secondbrain.worker.dedup.Received;

/**
 * One row to write: an upsert with its content hash and classification, or a source delete (tombstone,
 * both null).
 */
public record Change(Received received, byte[] contentHash, Classification classification) {

    public static Change tombstone(Received received) {
        return new Change(received, null, null);
    }

    public boolean isDelete() {
        return received.event() instanceof DocumentDeleted;
    }
}
