package dev.secondbrain.ingest.sources;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A tenant's sources: paused or not, their checkpoints, and the list with last sync and live count. */
@Component
public class Sources {

    /** One source as {@code GET /v1/sources} shows it. */
    public record Source(String source, boolean paused, OffsetDateTime pausedAt, long liveDocuments,
                         UUID lastSyncId, String lastSyncMode, String lastSyncState, OffsetDateTime lastSyncAt,
                         OffsetDateTime lastCheckpointAt, String lastCheckpointStream, OffsetDateTime freshAt) {
    }

    /** The newest applied checkpoint of a source and stream. */
    public record Checkpoint(String state, OffsetDateTime appliedAt) {
    }

    private static final String PAUSED = """
            select source from sources where tenant_id = ? and paused_at is not null order by source""";
    private static final String PAUSE = """
            insert into sources (tenant_id, source, paused_at) values (?, ?, now())
            on conflict (tenant_id, source)
            do update set paused_at = coalesce(sources.paused_at, now()), updated_at = now()""";
    private static final String RESUME = """
            insert into sources (tenant_id, source, paused_at) values (?, ?, null)
            on conflict (tenant_id, source) do update set paused_at = null, updated_at = now()""";
    private static final String SAVE_CHECKPOINT = """
            insert into checkpoints (tenant_id, checkpoint_id, source, stream, state, partitions)
            values (?, ?, ?, ?, cast(? as jsonb), ?)""";
    private static final String LATEST_CHECKPOINT = """
            select state::text as state, applied_at from checkpoints
            where tenant_id = ? and source = ? and stream = ? and applied_at is not null
            order by seq desc limit 1""";
    /*
     * Every source the tenant has documents, syncs, checkpoints or a pause for, each with its newest sync and
     * checkpoint, in one statement. Freshness: the last moment the store is known to hold everything the source had
     * (a completed sync, an applied checkpoint).
     */
    private static final String LIST = """
            with names as (
                select value as source from document_counts where tenant_id = :tenant and dimension = 'source'
                union select source from sync_runs where tenant_id = :tenant
                union select source from checkpoints where tenant_id = :tenant and applied_at is not null
                union select source from sources where tenant_id = :tenant)
            select n.source, s.paused_at is not null as paused, s.paused_at, coalesce(c.n, 0) as live_documents,
                   ls.sync_id as last_sync_id, ls.mode as last_sync_mode, ls.state as last_sync_state,
                   ls.created_at as last_sync_at, lc.applied_at as last_checkpoint_at,
                   nullif(lc.stream, '') as last_checkpoint_stream,
                   nullif(greatest(coalesce(lc.applied_at, '-infinity'), coalesce(done.at, '-infinity')),
                          '-infinity') as fresh_at
            from names n
            left join sources s on s.tenant_id = :tenant and s.source = n.source
            left join document_counts c on c.tenant_id = :tenant and c.dimension = 'source' and c.value = n.source
            left join lateral (
                select r.sync_id, r.mode, r.state, r.created_at from sync_runs r
                where r.tenant_id = :tenant and r.source = n.source
                order by r.created_at desc, r.sync_id desc limit 1) ls on true
            left join lateral (
                select k.applied_at, k.stream from checkpoints k
                where k.tenant_id = :tenant and k.source = n.source and k.applied_at is not null
                order by k.seq desc limit 1) lc on true
            left join lateral (
                select max(r.completed_at) as at from sync_runs r
                where r.tenant_id = :tenant and r.source = n.source and r.state = 'completed') done on true
            order by n.source
            limit 1000""";

    private final JdbcClient jdbc;
    /** Each tenant's paused sources, read at most once per {@code pipeline.sources.paused-cache-ttl}. */
    private final LoadingCache<UUID, Set<String>> paused;

    Sources(JdbcClient jdbc, SourceSettings settings) {
        this.jdbc = jdbc;
        this.paused = Caffeine.newBuilder().expireAfterWrite(settings.pausedCacheTtl()).maximumSize(100_000)
                .build(tenant -> Set.copyOf(jdbc.sql(PAUSED).param(tenant).query(String.class).list()));
    }

    /** @throws SourcePaused when any of {@code sources} is paused for this tenant (one statement) */
    public void requireActive(UUID tenant, Collection<String> sources) {
        if (sources.isEmpty()) {
            return;
        }
        var pausedNow = paused.get(tenant);
        var refused = sources.stream().filter(pausedNow::contains).distinct().sorted().toList();
        if (!refused.isEmpty()) {
            throw new SourcePaused(refused);
        }
    }

    void pause(UUID tenant, String source) {
        jdbc.sql(PAUSE).params(tenant, source).update();
        paused.invalidate(tenant);
    }

    void resume(UUID tenant, String source) {
        jdbc.sql(RESUME).params(tenant, source).update();
        paused.invalidate(tenant);
    }

    void saveCheckpoint(UUID tenant, UUID checkpointId, String source, String stream, String state, int partitions) {
        jdbc.sql(SAVE_CHECKPOINT).params(tenant, checkpointId, source, stream, state, partitions).update();
    }

    Optional<Checkpoint> latestCheckpoint(UUID tenant, String source, String stream) {
        return jdbc.sql(LATEST_CHECKPOINT).params(tenant, source, stream).query(Checkpoint.class).optional();
    }

    List<Source> list(UUID tenant) {
        return jdbc.sql(LIST).param("tenant", tenant).query(Source.class).list();
    }
}
