package dev.secondbrain.schemas;

import java.util.Locale;

/**
 * The states of a full sync, as stored in {@code sync_runs.state} and shown to connectors: the intake moves a
 * sync through the first ones, the worker's sweeper through the rest.
 * <pre>
 * open -> completing -> sweeping -> completed          (an incremental sync: completing -> completed, no sweep)
 * open -> stalled -> open                               (no event nor heartbeat for pipeline.sync.stall-after)
 *              \-> needs_confirmation -> sweeping      (the mass-deletion guard held it)
 * open | stalled | completing | needs_confirmation -> aborted     (deletes nothing)
 * </pre>
 */
public enum SyncState {
    OPEN, STALLED, COMPLETING, NEEDS_CONFIRMATION, SWEEPING, COMPLETED, ABORTED, FAILED;

    /** The stored and shown name, e.g. {@code needs_confirmation}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SyncState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
