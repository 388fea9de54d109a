package dev.secondbrain.faults;

import dev.secondbrain.faults.DeletionModel.Rules;
import dev.secondbrain.faults.DeletionSteps.Step;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Runs one sequence of {@link DeletionSteps} in a tenant of its own, through the real intake (events, syncs) and
 * the real read API (deletes, restore, purge, delete-all, reverts), feeding every step to the reference model as
 * well, then compares every key (state, version, content, provenance, purged), the statistics, the counters and
 * the syncs' states. The pipeline is asynchronous; barriers make each outcome one the model can predict:
 * <ul>
 *   <li>everything sent is applied ({@link Applied}) before a sync opens (so what came before it is older than
 *       its opening point) and before each API call (the call acts on the store the model describes);</li>
 *   <li>after an event for a key the user deleted, the same: a batch collapses to the newest event per key, and
 *       over a user tombstone "delete, then a newer upsert" in one batch is not the two applied in turn;</li>
 *   <li>a completed sync is awaited until it is completed or held, a job until it is done.</li>
 * </ul>
 */
final class DeletionRun {

    static final double MAX_DELETE_SHARE = 0.3;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    /** The outcome: what differed from the model, and what differed from each of the controls' wrong models. */
    record Result(DeletionSteps steps, List<String> violations, Map<Rules, List<String>> wrongModelViolations) {
    }

    /** The source's own truth of one key: what a connector would send. */
    private static final class Source {
        boolean exists;
        long version;
        String content;
        final List<Map<String, Object>> sent = new ArrayList<>();
    }

    private final DeletionSteps steps;
    private final Stack stack;
    private final Applied applied;
    private final Http ingest;
    private final Http api;
    private final UUID tenant;
    private final DeletionModel model;
    private final Map<Rules, DeletionModel> wrongs = Map.of(
            Rules.OLD_SWEEP, new DeletionModel(Rules.OLD_SWEEP, MAX_DELETE_SHARE),
            Rules.SWEEP_IGNORES_LIVE_EVENTS, new DeletionModel(Rules.SWEEP_IGNORES_LIVE_EVENTS, MAX_DELETE_SHARE));
    private final List<DeletionModel> models;
    private final Map<Integer, Source> sources = new TreeMap<>();
    private final List<UUID> jobs = new ArrayList<>();
    private final List<UUID> closedSyncs = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private UUID openSync;
    private int contents;

    DeletionRun(DeletionSteps steps, Stack stack, Applied applied, String apiUrl) {
        this(steps, stack, applied, apiUrl, Rules.DESIGN);
    }

    /** A run judged by {@code reference}: the shrinker's own control judges by a wrong rule, to have a failure. */
    DeletionRun(DeletionSteps steps, Stack stack, Applied applied, String apiUrl, Rules reference) {
        this.model = new DeletionModel(reference, MAX_DELETE_SHARE);
        this.steps = steps;
        this.stack = stack;
        this.applied = applied;
        var created = stack.tenants(1).getFirst();
        this.tenant = created.id();
        this.ingest = new Http(stack.ingestUrl(), created.key());
        this.api = new Http(apiUrl, created.key());
        for (int k = 0; k < steps.keys(); k++) {
            sources.put(k, new Source());
        }
        this.models = List.of(model, wrongs.get(Rules.OLD_SWEEP), wrongs.get(Rules.SWEEP_IGNORES_LIVE_EVENTS));
    }

    Result run() {
        for (var step : steps.steps()) {
            try {
                apply(step);
            } catch (RuntimeException e) {
                violations.add("step " + step + " failed: " + e);
            }
            if (!violations.isEmpty()) {
                return new Result(steps, List.copyOf(violations), Map.of());
            }
        }
        applied.await();
        var wrongViolations = new java.util.EnumMap<Rules, List<String>>(Rules.class);
        wrongs.forEach((rules, wrong) -> wrongViolations.put(rules, compare(wrong, new ArrayList<>())));
        compare(model, violations);
        return new Result(steps, List.copyOf(violations), wrongViolations);
    }

    private void apply(Step step) {
        switch (step.kind()) {
            case EDIT -> edit(step.key(), true);
            case TOUCH -> edit(step.key(), !sources.get(step.key()).exists);
            case REMOVE -> remove(step.key());
            case REDELIVER -> redeliver(step.key(), step.pick(), step.flag());
            case OPEN_SYNC -> openSync(step.pick());
            case LIST -> list(step.pick(), step.flag());
            case COMPLETE -> complete(step.flag());
            case ABORT -> abort();
            case USER_DELETE -> bulk("/v1/documents/delete", step, DeletionModel::userDelete);
            case RESTORE -> bulk("/v1/documents/restore", step, DeletionModel::restore);
            case PURGE -> bulk("/v1/documents/purge", step, DeletionModel::purge);
            case DELETE_ALL -> deleteAll();
            case REVERT_JOB -> revertJob(step.pick());
            case REVERT_SYNC -> revertSync(step.pick());
        }
    }

    // -- events ---------------------------------------------------------------------------------------------

    private String id(int key) {
        return "k" + key;
    }

    private String source(int key) {
        return "s" + (key % steps.sources());
    }

    private void edit(int key, boolean newContent) {
        var source = sources.get(key);
        source.version++;
        source.exists = true;
        if (newContent || source.content == null) {
            source.content = id(key) + " c" + (++contents);
        }
        var event = upsert(key, source.version, source.content, null);
        source.sent.add(event);
        send(List.of(event));
    }

    private void remove(int key) {
        var source = sources.get(key);
        source.version++;
        source.exists = false;
        var event = new LinkedHashMap<String, Object>();
        event.put("type", "DocumentDeleted");
        event.put("externalId", id(key));
        event.put("source", source(key));
        event.put("version", source.version);
        source.sent.add(event);
        send(List.of(event));
    }

    private void redeliver(int key, int pick, boolean latest) {
        var sent = sources.get(key).sent;
        if (!sent.isEmpty()) {
            send(List.of(sent.get(latest ? sent.size() - 1 : pick % sent.size())));
        }
    }

    private Map<String, Object> upsert(int key, long version, String content, UUID sync) {
        var event = new LinkedHashMap<String, Object>();
        event.put("type", "DocumentUpserted");
        event.put("externalId", id(key));
        event.put("source", source(key));
        event.put("version", version);
        event.put("title", id(key));
        event.put("content", content);
        if (sync != null) {
            event.put("syncId", sync.toString());
        }
        return event;
    }

    /** Sends one request; the model applies its events in order. See the class comment for the barrier. */
    private void send(List<Map<String, Object>> events) {
        boolean overUserDelete = false;
        for (var event : events) {
            var id = (String) event.get("externalId");
            overUserDelete |= model.userDeleted(id);
            for (var m : models) {
                var version = ((Number) event.get("version")).longValue();
                if (event.get("type").equals("DocumentDeleted")) {
                    m.delete(id, (String) event.get("source"), version);
                } else {
                    var sync = event.get("syncId") == null ? null : UUID.fromString((String) event.get("syncId"));
                    m.upsert(id, (String) event.get("source"), version, (String) event.get("content"), sync);
                }
            }
        }
        ingest.post("/v1/events", Map.of("events", events)).expect(202);
        if (overUserDelete) {
            applied.await();
        }
    }

    // -- syncs ----------------------------------------------------------------------------------------------

    private void openSync(int pick) {
        if (openSync != null) {
            return;
        }
        applied.await();
        var source = "s" + (pick % steps.sources());
        openSync = UUID.fromString(ingest.post("/v1/syncs", Map.of("source", source, "mode", "full")).expect(201)
                .path("syncId").asString());
        models.forEach(m -> m.open(openSync, source));
    }

    private void list(int pick, boolean twice) {
        if (openSync == null) {
            return;
        }
        var source = model.syncs.get(openSync).source();
        var listing = new ArrayList<Map<String, Object>>();
        for (int k = 0; k < steps.keys(); k++) {
            var truth = sources.get(k);
            if (source(k).equals(source) && truth.exists && (pick % 3 == 0 || (pick & (1 << k)) != 0)) {
                listing.add(upsert(k, truth.version, truth.content, openSync));
            }
        }
        if (listing.isEmpty()) {
            return;
        }
        send(listing);
        if (twice) {
            send(listing);
        }
    }

    private void complete(boolean confirmIfHeld) {
        if (openSync == null) {
            return;
        }
        var sync = closeSync();
        ingest.post("/v1/syncs/" + sync + "/complete", null).expect(200);
        var state = awaitSync(sync, Set.of("completed", "needs_confirmation"));
        var expected = model.complete(sync);
        wrongs.values().forEach(m -> m.complete(sync));
        if (!state.equals(expected)) {
            violations.add("sync " + sync + " ended " + state + ", the model says " + expected);
            return;
        }
        if (!state.equals("needs_confirmation")) {
            return;
        }
        if (confirmIfHeld) {
            ingest.post("/v1/syncs/" + sync + "/confirm-deletions", null).expect(200);
            awaitSync(sync, Set.of("completed"));
            models.forEach(m -> m.confirm(sync));
        } else {
            ingest.post("/v1/syncs/" + sync + "/abort", null).expect(200);
            models.forEach(m -> m.abort(sync));
        }
    }

    private void abort() {
        if (openSync == null) {
            return;
        }
        var sync = closeSync();
        ingest.post("/v1/syncs/" + sync + "/abort", null).expect(200);
        models.forEach(m -> m.abort(sync));
    }

    private UUID closeSync() {
        var sync = openSync;
        openSync = null;
        closedSyncs.add(sync);
        return sync;
    }

    private String awaitSync(UUID sync, Set<String> states) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> ingest.get("/v1/syncs/" + sync).expect(200).path("state").asString(), states::contains);
    }

    // -- the API --------------------------------------------------------------------------------------------

    private void bulk(String path, Step step,
                      java.util.function.BiFunction<DeletionModel, List<String>, Map<String, Long>> expect) {
        var ids = new ArrayList<String>();
        for (int k = 0; k < steps.keys(); k++) {
            if ((step.pick() & (1 << k)) != 0) {
                ids.add(id(k));
            }
        }
        if (ids.isEmpty()) {
            ids.add(id(step.key()));
        }
        applied.await();
        var answer = api.post(path, Map.of("externalIds", ids)).expect(200);
        var got = new TreeMap<String, Long>();
        answer.properties().forEach(e -> got.put(e.getKey(), e.getValue().asLong()));
        var expected = new TreeMap<>(expect.apply(model, ids));
        wrongs.values().forEach(m -> expect.apply(m, ids));
        if (!got.equals(expected)) {
            violations.add(path + " " + ids + " answered " + got + ", the model says " + expected);
        }
    }

    private void deleteAll() {
        applied.await();
        var job = UUID.fromString(api.delete("/v1/documents").expect(202).path("jobId").asString());
        awaitJob(job);
        jobs.add(job);
        models.forEach(m -> m.deleteAll(job));
    }

    private void revertJob(int pick) {
        if (jobs.isEmpty()) {
            return;
        }
        var job = jobs.get(pick % jobs.size());
        applied.await();
        awaitJob(UUID.fromString(api.post("/v1/jobs/" + job + "/revert", null).expect(202).path("jobId").asString()));
        models.forEach(m -> m.revertJob(job));
    }

    private void revertSync(int pick) {
        if (closedSyncs.isEmpty()) {
            return;
        }
        var sync = closedSyncs.get(pick % closedSyncs.size());
        applied.await();
        var response = api.post("/v1/syncs/" + sync + "/revert", null);
        int expected = model.revertSync(sync);
        wrongs.values().forEach(m -> m.revertSync(sync));
        if (response.status() != expected) {
            violations.add("revert of sync " + sync + " answered " + response.status() + ", the model says " + expected);
        } else if (expected == 202) {
            awaitJob(UUID.fromString(response.json().path("jobId").asString()));
        }
    }

    private void awaitJob(UUID job) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/jobs/" + job).expect(200).path("state").asString(), "done"::equals);
    }

    // -- the comparison -------------------------------------------------------------------------------------

    private static final String ROWS = """
            select external_id, deleted_by, version, content, purged_at is not null as purged, deleted_sync_id,
                   deleted_job_id, deleted_key_id is not null as keyed
            from documents where tenant_id = ?""";
    private static final String COUNTERS = """
            select dimension || ':' || value, n from document_counts
            where tenant_id = ? and dimension in ('total', 'source') and n <> 0""";
    private static final String DIRECT = """
            select 'source:' || source, count(*) from documents where tenant_id = ? and deleted_at is null group by source
            union all select 'total:', count(*) from documents where tenant_id = ? and deleted_at is null
            having count(*) > 0""";

    /** What the store holds for the tenant's keys, in the model's words. */
    Map<String, String> stored() {
        var stored = new TreeMap<String, String>();
        stack.jdbc().query(ROWS, rs -> {
            stored.put(rs.getString(1), DeletionModel.describe(rs.getString(2), rs.getLong(3), rs.getString(4),
                    rs.getBoolean(5), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class), rs.getBoolean(8)));
        }, tenant);
        return stored;
    }

    private List<String> compare(DeletionModel expected, List<String> found) {
        var stored = stored();
        var keys = new TreeSet<>(stored.keySet());
        keys.addAll(expected.rows.keySet());
        for (var key : keys) {
            var want = expected.state(key);
            var got = stored.getOrDefault(key, "absent");
            if (!want.equals(got)) {
                found.add(key + " is " + got + ", the model says " + want);
            }
        }
        var stats = api.get("/v1/stats").expect(200);
        var bySource = new TreeMap<String, Long>();
        stats.path("bySource").properties().forEach(e -> bySource.put(e.getKey(), e.getValue().asLong()));
        var live = expected.liveBySource();
        if (!bySource.equals(live) || stats.path("total").asLong() != live.values().stream().mapToLong(l -> l).sum()) {
            found.add("stats say " + stats.path("total").asLong() + " " + bySource + ", the model says " + live);
        }
        var counters = counts(COUNTERS, tenant);
        var direct = counts(DIRECT, tenant, tenant);
        if (!counters.equals(direct)) {
            found.add("document_counts " + counters + " differ from a direct count " + direct);
        }
        for (var sync : expected.syncs.keySet()) {
            var state = stack.jdbc().queryForObject("select state from sync_runs where tenant_id = ? and sync_id = ?",
                    String.class, tenant, sync);
            if (!Objects.equals(state, expected.syncState(sync))) {
                found.add("sync " + sync + " is " + state + ", the model says " + expected.syncState(sync));
            }
        }
        return found;
    }

    private Map<String, Long> counts(String sql, Object... args) {
        var counts = new TreeMap<String, Long>();
        stack.jdbc().query(sql, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, args);
        return counts;
    }

    /** Changes one stored row by hand (the control that the comparison sees a store the model did not predict). */
    List<String> afterTampering() {
        stack.jdbc().update("""
                update documents set version = version + 100
                where tenant_id = ? and external_id = (select min(external_id) from documents where tenant_id = ?)""",
                tenant, tenant);
        return compare(model, new ArrayList<>());
    }
}
