package dev.secondbrain.api.stats;

import java.time.OffsetDateTime;

/**
 * The pipeline's freshness as a tenant can see it from the store. {@code lastAppliedAt}: the newest write the worker
 * (or a bulk operation) applied to a live document, null without any; {@code unfinishedSyncs}: full syncs not yet
 * finished (open, completing, held for confirmation or sweeping); {@code oldestUnfinishedSyncSince}: when the
 * oldest of them was opened; {@code syncEventsNotApplied}: events those syncs sent that the worker has not counted as
 * applied or unchanged yet (stale events are never counted, so this is an upper bound); {@code now}: the database's
 * clock, to compute ages without trusting the browser's.
 */
record Freshness(OffsetDateTime lastAppliedAt, long unfinishedSyncs, OffsetDateTime oldestUnfinishedSyncSince,
                 long syncEventsNotApplied, OffsetDateTime now) {
}
