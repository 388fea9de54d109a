package dev.secondbrain.faults;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The reference model of the deletion rules (DESIGN.md's provenance table), small and plain: one tenant's
 * documents as the store should hold them after each event or API call, applied one at a time in the order
 * the runner sends them. {@code seq} stands in for {@code document_applied_seq}: every application that the
 * store records as applied takes the next number, and so does opening a sync; a sync sweeps only live
 * documents of its source with a smaller number that it did not see.
 */
final class DeletionModel {

    /**
     * The rules, and the controls' deliberately wrong copies: {@link #OLD_SWEEP} undoes a sweep only by a newer
     * version (finding 2), {@link #SWEEP_IGNORES_LIVE_EVENTS} sweeps what was applied after the sync opened
     * (finding 1). The comparison must report each on the stores of the CI seeds.
     */
    enum Rules { DESIGN, OLD_SWEEP, SWEEP_IGNORES_LIVE_EVENTS }

    /** One key as the store should hold it. */
    static final class Row {
        String source;
        long version;
        String content;
        String deletedBy;
        UUID syncId;
        UUID jobId;
        boolean keyed;
        boolean purged;
        long appliedSeq;
        UUID lastSync;

        boolean live() {
            return deletedBy == null;
        }

        /** What is compared with the stored row (the same words as {@link DeletionRun#stored}). */
        String state() {
            return describe(deletedBy, version, content, purged, syncId, jobId, keyed);
        }
    }

    static String describe(String deletedBy, long version, String content, boolean purged, UUID syncId, UUID jobId,
                           boolean keyed) {
        return (deletedBy == null ? "live" : deletedBy + " tombstone") + " v" + version + " \"" + content + "\""
                + (purged ? " purged" : "") + (syncId == null ? "" : " sync=" + syncId)
                + (jobId == null ? "" : " job=" + jobId) + (keyed ? " by key" : "");
    }

    record Sync(String source, long openedSeq, String state) {
        boolean open() {
            return state.equals("open") || state.equals("needs_confirmation");
        }
    }

    private final Rules rules;
    private final double maxDeleteShare;
    final Map<String, Row> rows = new TreeMap<>();
    final Map<UUID, Sync> syncs = new TreeMap<>();
    private final Set<UUID> reverted = new LinkedHashSet<>();
    private long seq;

    DeletionModel(Rules rules, double maxDeleteShare) {
        this.rules = rules;
        this.maxDeleteShare = maxDeleteShare;
    }

    private void applied(Row row) {
        row.appliedSeq = ++seq;
    }

    private boolean syncOpen(String source) {
        return syncs.values().stream().anyMatch(s -> s.source().equals(source) && s.open());
    }

    // -- events ---------------------------------------------------------------------------------------------

    void upsert(String id, String source, long version, String content, UUID sync) {
        var row = rows.get(id);
        if (row == null) {
            row = new Row();
            rows.put(id, row);
            write(row, source, version, content, sync);
            return;
        }
        if ("user".equals(row.deletedBy)) {
            return; // frozen: only restore undoes a user delete
        }
        if (version < row.version) {
            if (row.live() && sync != null && !sync.equals(row.lastSync)) {
                seen(row, version, sync); // the source listed it: seen by that sync, whatever the version
            }
            return;
        }
        if ("source".equals(row.deletedBy)) {
            if (version > row.version) {
                write(row, source, version, content, sync);
            }
            return;
        }
        boolean same = !row.purged && content.equals(row.content);
        if ("sync".equals(row.deletedBy)) {
            if (rules == Rules.OLD_SWEEP && version == row.version) {
                return;
            }
            if (same) {
                seen(row, version, sync); // the source still has it: the sweep is undone, content as kept
            } else {
                write(row, source, version, content, sync);
            }
            return;
        }
        if (!same) {
            if (version > row.version) {
                write(row, source, version, content, sync);
            } else if (sync != null && !sync.equals(row.lastSync)) {
                seen(row, version, sync); // a conflicting equal version is stale, but the sync listed it
            }
            return;
        }
        if ((sync != null && !sync.equals(row.lastSync)) || version > row.version
                || (sync == null && syncOpen(row.source))) {
            seen(row, version, sync);
        }
    }

    void delete(String id, String source, long version) {
        var row = rows.get(id);
        if (row != null && (version < row.version || (version == row.version && "source".equals(row.deletedBy)))) {
            return;
        }
        if (row == null) {
            row = new Row();
            row.source = source;
            rows.put(id, row);
        }
        clear(row);
        row.version = version;
        row.content = null;
        row.deletedBy = "source";
        row.purged = true;
        applied(row);
    }

    private void write(Row row, String source, long version, String content, UUID sync) {
        clear(row);
        row.source = source;
        row.version = version;
        row.content = content;
        row.purged = false;
        row.lastSync = sync == null ? row.lastSync : sync;
        applied(row);
    }

    private void seen(Row row, long version, UUID sync) {
        row.version = Math.max(row.version, version);
        row.lastSync = sync == null ? row.lastSync : sync;
        row.deletedBy = null;
        row.syncId = null;
        applied(row);
    }

    private static void clear(Row row) {
        row.deletedBy = null;
        row.syncId = null;
        row.jobId = null;
        row.keyed = false;
    }

    // -- syncs ----------------------------------------------------------------------------------------------

    void open(UUID sync, String source) {
        syncs.put(sync, new Sync(source, ++seq, "open"));
    }

    /** Completes the sync: the sweep, or held for confirmation. Returns the state it ends in. */
    String complete(UUID sync) {
        var s = syncs.get(sync);
        long live = rows.values().stream().filter(r -> r.live() && r.source.equals(s.source())).count();
        long unseen = unseen(sync, s).size();
        if (unseen > maxDeleteShare * live) {
            syncs.put(sync, new Sync(s.source(), s.openedSeq(), "needs_confirmation"));
            return "needs_confirmation";
        }
        sweep(sync, s);
        return "completed";
    }

    void confirm(UUID sync) {
        sweep(sync, syncs.get(sync));
    }

    void abort(UUID sync) {
        var s = syncs.get(sync);
        syncs.put(sync, new Sync(s.source(), s.openedSeq(), "aborted"));
    }

    private List<Row> unseen(UUID sync, Sync s) {
        return rows.values().stream().filter(r -> r.live() && r.source.equals(s.source())
                && (r.appliedSeq < s.openedSeq() || rules == Rules.SWEEP_IGNORES_LIVE_EVENTS)
                && !sync.equals(r.lastSync)).toList();
    }

    private void sweep(UUID sync, Sync s) {
        for (var row : unseen(sync, s)) {
            row.deletedBy = "sync";
            row.syncId = sync;
        }
        syncs.put(sync, new Sync(s.source(), s.openedSeq(), "completed"));
    }

    // -- the API --------------------------------------------------------------------------------------------

    Map<String, Long> userDelete(Collection<String> ids) {
        long matched = 0;
        for (var id : Set.copyOf(ids)) {
            var row = rows.get(id);
            if (row != null && row.live()) {
                matched++;
                row.deletedBy = "user";
                row.keyed = true;
            }
        }
        return Map.of("matched", matched, "changed", matched);
    }

    Map<String, Long> restore(Collection<String> ids) {
        long matched = 0, changed = 0, purged = 0;
        for (var id : Set.copyOf(ids)) {
            var row = rows.get(id);
            if (row == null || row.live()) {
                continue;
            }
            matched++;
            if (row.purged) {
                purged++;
            } else if (!"source".equals(row.deletedBy)) {
                changed++;
                clear(row);
                applied(row);
            }
        }
        return Map.of("matched", matched, "changed", changed, "purged", purged);
    }

    Map<String, Long> purge(Collection<String> ids) {
        long matched = 0, changed = 0;
        for (var id : Set.copyOf(ids)) {
            var row = rows.get(id);
            if (row == null) {
                continue;
            }
            matched++;
            if (row.purged) {
                continue;
            }
            changed++;
            if (!"user".equals(row.deletedBy)) {
                row.deletedBy = "user";
                row.syncId = null;
                row.jobId = null;
                row.keyed = true;
            }
            row.purged = true;
            row.content = null;
        }
        return Map.of("matched", matched, "changed", changed);
    }

    void deleteAll(UUID job) {
        for (var row : rows.values()) {
            if (row.live()) {
                row.deletedBy = "user";
                row.jobId = job;
                row.keyed = true;
            }
        }
    }

    void revertJob(UUID job) {
        if (!reverted.add(job)) {
            return; // the same revert job again: nothing more
        }
        for (var row : rows.values()) {
            if ("user".equals(row.deletedBy) && job.equals(row.jobId) && !row.purged) {
                clear(row);
                applied(row);
            }
        }
    }

    /** The HTTP status the revert of this sync gets (202 or 409), applying it. */
    int revertSync(UUID sync) {
        var s = syncs.get(sync);
        if (s.state().equals("reverted")) {
            return 202;
        }
        if (!s.state().equals("completed")) {
            return 409;
        }
        syncs.put(sync, new Sync(s.source(), s.openedSeq(), "reverted"));
        for (var row : rows.values()) {
            if ("sync".equals(row.deletedBy) && sync.equals(row.syncId) && !row.purged) {
                clear(row);
                applied(row);
            }
        }
        return 202;
    }

    // -- what is compared -----------------------------------------------------------------------------------

    boolean userDeleted(String id) {
        var row = rows.get(id);
        return row != null && "user".equals(row.deletedBy);
    }

    Map<String, Long> liveBySource() {
        var counts = new TreeMap<String, Long>();
        rows.values().stream().filter(Row::live).forEach(r -> counts.merge(r.source, 1L, Long::sum));
        return counts;
    }

    String state(String id) {
        var row = rows.get(id);
        return row == null ? "absent" : row.state();
    }

    String syncState(UUID sync) {
        return Objects.requireNonNull(syncs.get(sync), "unknown sync").state();
    }
}
