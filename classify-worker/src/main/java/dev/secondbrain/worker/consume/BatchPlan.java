package dev.secondbrain.worker.consume;

import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.worker.store.SyncProgress;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.schemas.DocumentUpserted;
import dev.secondbrain.worker.classify.Classifier;
import dev.secondbrain.worker.dedup.Received;
import dev.secondbrain.worker.store.Change;
import dev.secondbrain.worker.store.ContentHash;
import dev.secondbrain.worker.store.Documents;
import dev.secondbrain.worker.store.Seen;
import dev.secondbrain.worker.store.StoredDocument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a collapsed batch changes, decided against the stored versions and hashes read in one statement:
 * stale events (older, equal-version upserts, upserts over a user delete) are dropped, unchanged upserts
 * are neither classified nor written (only marked seen when that matters to a full sync), and only changed
 * upserts go to the classifier, in one call. The rules by provenance are DESIGN.md's table.
 */
record BatchPlan(List<Change> changes, List<Seen> seen, int unchanged, int stale, List<SyncProgress.Tally> syncs) {

    static BatchPlan of(List<Received> latest, Documents documents, Classifier classifier) {
        var stored = documents.stored(latest.stream().map(Received::event).toList());
        var plan = new Builder();
        for (var received : latest) {
            var current = stored.get(received.key());
            switch (received.event()) {
                case DocumentUpserted upsert -> plan.upsert(received, upsert, current);
                case DocumentDeleted delete -> plan.delete(received, delete, current);
            }
        }
        return plan.build(classifier);
    }

    private static final class Builder {
        final List<Received> upserts = new ArrayList<>();
        final List<byte[]> hashes = new ArrayList<>();
        final List<Change> changes = new ArrayList<>();
        final List<Seen> seen = new ArrayList<>();
        final Map<List<UUID>, long[]> syncs = new HashMap<>();
        int unchanged;
        int stale;

        /** Counts a document of a full sync as applied (slot 0) or proved unchanged (slot 1). */
        void tally(DocumentEvent event, int slot) {
            if (event.syncId() != null) {
                syncs.computeIfAbsent(List.of(event.tenantId(), event.syncId()), k -> new long[2])[slot]++;
            }
        }

        void upsert(Received received, DocumentUpserted upsert, StoredDocument current) {
            var hash = ContentHash.of(upsert);
            switch (decide(upsert, hash, current)) {
                case WRITE -> {
                    upserts.add(received);
                    hashes.add(hash);
                    tally(upsert, 0);
                }
                case UNDO -> {
                    unchanged++;
                    tally(upsert, 0);
                    seen.add(seen(upsert));
                }
                case UNCHANGED -> {
                    unchanged++;
                    tally(upsert, 1);
                    if (movesSeen(upsert, current) || upsert.version() > current.version()
                            || (current.syncOpen() && upsert.syncId() == null)) {
                        seen.add(seen(upsert));
                    }
                }
                case STALE -> {
                    stale++;
                    // the source listed a live document (at an older or conflicting version): seen by that sync
                    if (current != null && !current.deleted() && movesSeen(upsert, current)) {
                        seen.add(seen(upsert));
                    }
                }
            }
        }

        /**
         * A source delete: written over nothing, a live row, a sweep or user tombstone at its version or older (the
         * source says it is gone), a source tombstone only from a higher version. A delete of an unknown key still
         * writes a tombstone, so a late older upsert cannot create it.
         */
        void delete(Received received, DocumentDeleted delete, StoredDocument current) {
            if (current == null || delete.version() > current.version()
                    || (delete.version() == current.version() && !current.deletedBySource())) {
                changes.add(Change.tombstone(received));
                tally(delete, 0);
            } else if (delete.version() == current.version()) {
                unchanged++;
                tally(delete, 1);
            } else {
                stale++;
            }
        }

        BatchPlan build(Classifier classifier) {
            if (!upserts.isEmpty()) {
                var classified = classifier.classify(upserts.stream().map(r -> (DocumentUpserted) r.event()).toList());
                for (int i = 0; i < upserts.size(); i++) {
                    changes.add(new Change(upserts.get(i), hashes.get(i), classified.get(i)));
                }
            }
            var tallies = syncs.entrySet().stream().map(e -> new SyncProgress.Tally(e.getKey().get(0),
                    e.getKey().get(1), e.getValue()[0], e.getValue()[1])).toList();
            return new BatchPlan(changes, seen, unchanged, stale, tallies);
        }
    }

    private enum Outcome { WRITE, UNDO, UNCHANGED, STALE }

    /**
     * An upsert against the stored row, by who made a tombstone: never over a user tombstone (restore only); over
     * a source tombstone only from a higher version; over a sweep tombstone from its version on, and then content
     * the row still holds just clears the tombstone (UNDO, nothing to classify). Over a live row a higher version
     * with new content is written, the same content is unchanged, an older or conflicting equal version is stale.
     */
    private static Outcome decide(DocumentUpserted upsert, byte[] hash, StoredDocument current) {
        if (current == null) {
            return Outcome.WRITE;
        }
        if (current.deletedByUser() || upsert.version() < current.version()) {
            return Outcome.STALE;
        }
        if (current.deletedBySource()) {
            return upsert.version() > current.version() ? Outcome.WRITE : Outcome.STALE;
        }
        boolean same = !current.purged() && Arrays.equals(hash, current.contentHash());
        if (current.sweptBySync()) {
            return same ? Outcome.UNDO : Outcome.WRITE;
        }
        if (upsert.version() == current.version()) {
            return same ? Outcome.UNCHANGED : Outcome.STALE;
        }
        return same ? Outcome.UNCHANGED : Outcome.WRITE;
    }

    /** The event names a full sync that has not marked this live row yet. */
    private static boolean movesSeen(DocumentUpserted upsert, StoredDocument current) {
        return upsert.syncId() != null && !Objects.equals(upsert.syncId(), current.lastSyncId());
    }

    private static Seen seen(DocumentUpserted upsert) {
        return new Seen(upsert.tenantId(), upsert.externalId(), upsert.version(), upsert.syncId());
    }
}
