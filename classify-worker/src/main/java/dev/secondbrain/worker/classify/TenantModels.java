package dev.secondbrain.worker.classify;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant models, learned from confirmed documents and, without their labels, the tenant's newest unconfirmed
 * documents ({@link SelfTraining}). The models of a batch's tenants that are missing or older than
 * {@code model-refresh} are loaded together in ONE statement (never per document or tenant), bounded to the newest
 * {@code training-per-category} confirmed documents per category and {@code unlabelled-documents} unconfirmed ones per
 * tenant, truncated in SQL.
 */
final class TenantModels {

    // Begins as it always did: the bench (StatementCount) tells model loads from a batch's statements by it. Title,
    // author and content travel in one text, apart by the unit separator (U+001F), which no text of ours holds. The
    // unconfirmed come without category, each tenant's newest by the (tenant_id, updated_at) index, whatever its size,
    // and only for tenants with enough confirmed to self-train (a superset of SelfTraining's rule, which counts the
    // confirmed after the per-category cap): a tenant on keywords or a small model never reads nor tokenizes them.
    private static final String CONFIRMED = """
            select tenant_id, category, text from (
                select tenant_id, category,
                       concat_ws(chr(31), coalesce(title, ''), coalesce(author, ''), left(content, ?)) as text,
                       row_number() over (partition by tenant_id, category order by updated_at desc) as n
                from documents
                where tenant_id = any(?::uuid[]) and classification_status = 'confirmed'
                  and deleted_at is null and category is not null) confirmed
            where n <= ?
            union all
            select tenant.id, null, unconfirmed.text
            from (select tenant_id as id from documents
                  where tenant_id = any(?::uuid[]) and classification_status = 'confirmed'
                    and deleted_at is null and category is not null
                  group by tenant_id having count(*) >= ? * count(distinct category)) tenant
            cross join lateral (
                select concat_ws(chr(31), coalesce(title, ''), coalesce(author, ''), left(content, ?)) as text
                from documents
                where tenant_id = tenant.id and deleted_at is null and classification_status <> 'confirmed'
                order by updated_at desc
                limit ?) unconfirmed
            """;

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
        var confirmed = new HashMap<UUID, List<LogisticRegression.Example>>();
        var unconfirmed = new HashMap<UUID, List<Set<String>>>();
        jdbc.query(CONFIRMED, ps -> {
            var ids = ps.getConnection().createArrayOf("uuid", tenants);
            ps.setInt(1, settings.trainingChars());
            ps.setArray(2, ids);
            ps.setInt(3, settings.trainingPerCategory());
            ps.setArray(4, ids);
            ps.setInt(5, TrainingStart.SMALL_PER_CATEGORY);
            ps.setInt(6, settings.trainingChars());
            ps.setInt(7, settings.unlabelledDocuments());
        }, row -> {
            var tenant = row.getObject(1, UUID.class);
            var features = features(row.getString(3));
            if (row.getString(2) == null) {
                unconfirmed.computeIfAbsent(tenant, t -> new ArrayList<>()).add(features);
            } else {
                confirmed.computeIfAbsent(tenant, t -> new ArrayList<>())
                        .add(new LogisticRegression.Example(row.getString(2), features));
            }
        });
        for (var tenant : tenants) {
            var learnt = confirmed.getOrDefault(tenant, List.of());
            var model = learnt.size() < settings.minTrainingDocuments() ? null : LogisticRegression.train(learnt,
                    unconfirmed.getOrDefault(tenant, List.of()), settings.calibrationFolds());
            models.put(tenant, new Loaded(model, now));
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

    /** A tenant's model (null: too few confirmed documents) and when it was loaded. */
    private record Loaded(LogisticRegression model, Instant at) {
    }
}
