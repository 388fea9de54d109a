package dev.secondbrain.worker.dedup;

import dev.secondbrain.schemas.DocumentDeleted;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Collapses a batch to the newest event per {@code (tenantId, externalId)}: a higher version wins; at an
 * equal version a delete beats an upsert; between equals the later record wins, so identical duplicates
 * collapse to one. The result keeps first-seen order; the store sorts keys itself.
 */
public final class LatestPerKey {

    private LatestPerKey() {
    }

    public static List<Received> of(List<Received> batch) {
        var newest = new HashMap<String, Received>(batch.size() * 2);
        for (var received : batch) {
            newest.merge(received.key(), received, LatestPerKey::newer);
        }
        var kept = new ArrayList<Received>(newest.size());
        for (var received : batch) {
            if (newest.get(received.key()) == received) {
                kept.add(received);
            }
        }
        return kept;
    }

    private static Received newer(Received stored, Received incoming) {
        long a = stored.event().version();
        long b = incoming.event().version();
        if (a != b) {
            return b > a ? incoming : stored;
        }
        boolean storedDelete = stored.event() instanceof DocumentDeleted;
        boolean incomingDelete = incoming.event() instanceof DocumentDeleted;
        return storedDelete && !incomingDelete ? stored : incoming;
    }
}
