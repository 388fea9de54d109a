package dev.secondbrain.worker.classify;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant models, learned from confirmed documents and, without their labels, a sample of the tenant's unconfirmed
 * documents ({@link Vocabulary}, {@link SelfTraining}). The models of a batch's tenants that are missing or older than
 * {@code model-refresh} are checked together in ONE statement (never per document or tenant): a tenant whose confirmed
 * documents are as they were (their count and latest change, its fingerprint) keeps its model, and only the others
 * are relearnt from the rows the same statement returns, bounded to the newest {@code training-per-category}
 * confirmed documents per category and {@code unlabelled-documents} unconfirmed ones per tenant, truncated in SQL.
 */
final class TenantModels {

    // Title, author and content travel in one text, apart by the unit separator (U+001F), which no text of ours holds.
    // A fingerprint is (confirmed, latest): live confirmed documents with a category, and their latest updated_at in
    // microseconds; a tenant never loaded is given (-1, -1), one with none has (0, 0). The bench (StatementCount) tells
    // model loads from a batch's statements by the first line. Only changed tenants' rows are read: the confirmed, the
    // unconfirmed only where there are enough confirmed for a model (min-training-documents, counted before the
    // per-category cap), and one row with the new fingerprint. The unconfirmed are a sample of the whole tenant, not
    // its newest: the first unlabelled-documents by a hash of the external id (picked from the (tenant_id,
    // classification_status, external_id) index, then read by key), so the same documents while they stand, spread
    // over everything the model will classify. A mailbox imported folder by folder has its Junk folder as its newest
    // thousand: on the mail corpus, learning beside that (the spam folder read last) gave 0.83 at 10 per category
    // where a spread sample gave 0.94, and 0.91-0.94 at 50 where it gave 0.96-0.97. Its cost grows with the tenant
    // (an index-only scan of its unconfirmed keys and a top-N sort): 45 ms of 71 for a tenant of 100,000 documents
    // (PostgreSQL 15, EXPLAIN ANALYZE), paid only when a model is learnt.
    private static final String LOAD = """
            with fingerprint as (
                select tenant_id, count(*) as confirmed,
                       (extract(epoch from max(updated_at)) * 1000000)::bigint as latest,
                       count(*) >= ? as learns
                from documents
                where tenant_id = any(?::uuid[]) and classification_status = 'confirmed'
                  and deleted_at is null and category is not null
                group by tenant_id),
            changed as (
                select k.tenant_id, coalesce(f.confirmed, 0) as confirmed, coalesce(f.latest, 0) as latest,
                       coalesce(f.learns, false) as learns
                from unnest(?::uuid[], ?::bigint[], ?::bigint[]) as k(tenant_id, confirmed, latest)
                left join fingerprint f on f.tenant_id = k.tenant_id
                where coalesce(f.confirmed, 0) <> k.confirmed or coalesce(f.latest, 0) <> k.latest)
            select tenant_id, category, text, null::bigint as confirmed, null::bigint as latest from (
                select tenant_id, category,
                       concat_ws(chr(31), coalesce(title, ''), coalesce(author, ''), left(content, ?)) as text,
                       row_number() over (partition by tenant_id, category order by updated_at desc) as n
                from documents
                where tenant_id in (select tenant_id from changed) and classification_status = 'confirmed'
                  and deleted_at is null and category is not null) confirmed
            where n <= ?
            union all
            select changed.tenant_id, null,
                   concat_ws(chr(31), coalesce(d.title, ''), coalesce(d.author, ''), left(d.content, ?)), null, null
            from changed cross join lateral (
                select external_id from documents
                where tenant_id = changed.tenant_id and deleted_at is null and classification_status <> 'confirmed'
                order by hashtext(external_id), external_id
                limit ?) sample
            join documents d on d.tenant_id = changed.tenant_id and d.external_id = sample.external_id
            where changed.learns
            union all
            select tenant_id, null, null, confirmed, latest from changed
            """;
    private static final Fingerprint NEVER_LOADED = new Fingerprint(-1, -1);

    private final Map<UUID, Loaded> models = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final ClassifierSettings settings;
    private final Clock clock;

    TenantModels(JdbcTemplate jdbc, ClassifierSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** The trained models of these tenants; a tenant without enough confirmed documents has none. */
    Map<UUID, LogisticRegression> of(Collection<UUID> tenants) {
        var now = clock.instant();
        var stale = tenants.stream().distinct()
                .filter(t -> !models.containsKey(t) || models.get(t).at().plus(settings.modelRefresh()).isBefore(now))
                .toArray(UUID[]::new);
        if (stale.length > 0) {
            load(stale, now);
        }
        var result = new HashMap<UUID, LogisticRegression>();
        for (var tenant : tenants) {
            var loaded = models.get(tenant);
            if (loaded != null && loaded.model() != null) {
                result.put(tenant, loaded.model());
            }
        }
        return result;
    }

    private void load(UUID[] tenants, Instant now) {
        var known = new Fingerprint[tenants.length];
        for (int i = 0; i < tenants.length; i++) {
            var loaded = models.get(tenants[i]);
            known[i] = loaded == null ? NEVER_LOADED : loaded.fingerprint();
        }
        var changed = new HashMap<UUID, Fingerprint>();
        var confirmed = new HashMap<UUID, List<LogisticRegression.Example>>();
        var unconfirmed = new HashMap<UUID, List<Set<String>>>();
        jdbc.query(LOAD, ps -> {
            var ids = ps.getConnection().createArrayOf("uuid", tenants);
            ps.setInt(1, settings.minTrainingDocuments());
            ps.setArray(2, ids);
            ps.setArray(3, ids);
            ps.setArray(4, ps.getConnection().createArrayOf("int8",
                    Arrays.stream(known).map(Fingerprint::confirmed).toArray(Long[]::new)));
            ps.setArray(5, ps.getConnection().createArrayOf("int8",
                    Arrays.stream(known).map(Fingerprint::latest).toArray(Long[]::new)));
            ps.setInt(6, settings.trainingChars());
            ps.setInt(7, settings.trainingPerCategory());
            ps.setInt(8, settings.trainingChars());
            ps.setInt(9, settings.unlabelledDocuments());
        }, row -> {
            var tenant = row.getObject(1, UUID.class);
            if (row.getObject(4) != null) {
                changed.put(tenant, new Fingerprint(row.getLong(4), row.getLong(5)));
            } else if (row.getString(2) == null) {
                unconfirmed.computeIfAbsent(tenant, t -> new ArrayList<>()).add(features(row.getString(3)));
            } else {
                confirmed.computeIfAbsent(tenant, t -> new ArrayList<>())
                        .add(new LogisticRegression.Example(row.getString(2), features(row.getString(3))));
            }
        });
        for (var tenant : tenants) {
            var fingerprint = changed.get(tenant);
            if (fingerprint == null) {
                models.computeIfPresent(tenant, (t, loaded) -> new Loaded(loaded.model(), loaded.fingerprint(), now));
                continue;
            }
            var learnt = confirmed.getOrDefault(tenant, List.of());
            var model = learnt.size() < settings.minTrainingDocuments() ? null : LogisticRegression.train(learnt,
                    unconfirmed.getOrDefault(tenant, List.of()), settings.calibrationFolds());
            models.put(tenant, new Loaded(model, fingerprint, now));
        }
    }

    private static Set<String> features(String text) {
        var parts = text.split("\u001f", 3);
        return Features.of(parts[0], parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null);
    }

    /** Drops the tenant's model: the next batch of the tenant learns from what is confirmed now. */
    void forget(UUID tenant) {
        models.remove(tenant);
    }

    /** A tenant's model (null: too few confirmed documents), what it was learnt from, and when that was checked. */
    private record Loaded(LogisticRegression model, Fingerprint fingerprint, Instant at) {
    }

    /** A tenant's confirmed documents in two numbers: how many, and their latest change (epoch microseconds). */
    private record Fingerprint(long confirmed, long latest) {
    }
}
