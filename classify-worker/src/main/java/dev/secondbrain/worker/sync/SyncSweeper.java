package dev.secondbrain.worker.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.UUID;

/**
 * Finishes syncs (an incremental one completes once its events are applied, without a sweep), and marks silent
 * open syncs stalled. Full syncs: once the worker has applied the events topic up to the end offsets recorded when the
 * sync was completed, the tenant+source's live documents that the sync did not see and that nothing was
 * applied to after the sync opened are tombstoned ({@code deleted_by = 'sync'}, the sync's id recorded) — in
 * the database, in committed chunks locked in key order, with no list of ids in memory; the sync completes
 * only when a re-count finds none left. If the sweep would delete more than the
 * allowed share of the source's live documents, the sync waits in {@code needs_confirmation} instead.
 */
public final class SyncSweeper {

    private static final Logger log = LoggerFactory.getLogger(SyncSweeper.class);

    /** Claims one sync whose events are all applied; skip locked so two workers never sweep the same sync. */
    private static final String CLAIM = """
            select s.tenant_id, s.sync_id, s.source, s.mode, s.state, s.to_delete, s.opened_seq
            from sync_runs s
            where s.state in ('completing', 'sweeping')
              and not exists (
                  select 1 from jsonb_each_text(s.end_offsets) e(kafka_partition, end_offset)
                  left join consumer_offsets c
                         on c.consumer_group = :group and c.topic = :topic
                        and c.kafka_partition = e.kafka_partition::int
                  where coalesce(c.next_offset, 0) < e.end_offset::bigint)
            order by s.created_at
            limit 1
            for update of s skip locked""";
    /*
     * The sweep rule: a live document of the tenant+source is swept only if the sync did not see it AND nothing
     * was applied to it after the sync opened (applied_seq < opened_seq; a live event during the sync, an
     * unchanged upsert while the sync was open, a restore all take a larger number). The same predicate is
     * written out in each statement below and in the API's deletions preview.
     */
    private static final String MEASURE = """
            select count(*) filter (where applied_seq < :opened and last_sync_id is distinct from :sync) as unseen,
                   count(*) as live
            from documents
            where tenant_id = :tenant and source = :source and deleted_at is null""";
    private static final String REMAINING = """
            select count(*) from documents
            where tenant_id = :tenant and source = :source and deleted_at is null
              and applied_seq < :opened and last_sync_id is distinct from :sync""";
    private static final String HOLD = """
            update sync_runs set state = 'needs_confirmation', to_delete = :unseen
            where tenant_id = :tenant and sync_id = :sync""";
    private static final String START_SWEEP = """
            update sync_runs set state = 'sweeping', to_delete = coalesce(to_delete, :unseen)
            where tenant_id = :tenant and sync_id = :sync""";
    /*
     * One chunk: the next unseen documents locked in key order, no skip locked: a row a concurrent batch or bulk
     * operation holds is waited for (up to lock_timeout, then the round fails and is retried), never passed
     * over. A row that changed while we waited is re-checked by PostgreSQL and left out if it no longer
     * qualifies. A sweep tombstone keeps its content (an upsert or a revert brings it back whole).
     */
    private static final String SWEEP_CHUNK = """
            with unseen as (
                select tenant_id, external_id from documents
                where tenant_id = :tenant and source = :source and deleted_at is null
                  and applied_seq < :opened and last_sync_id is distinct from :sync
                order by external_id
                limit :chunk
                for update)
            update documents d
            set deleted_at = now(), deleted_by = 'sync', deleted_sync_id = :sync, last_change = 'deleted',
                updated_at = now()
            from unseen
            where d.tenant_id = unseen.tenant_id and d.external_id = unseen.external_id""";
    private static final String COUNT_DELETED = """
            update sync_runs set deleted = deleted + :n where tenant_id = :tenant and sync_id = :sync""";
    /*
     * An open sync silent (no event received, no heartbeat) for stall-after becomes stalled; the intake makes it
     * open again at its next event or heartbeat. One statement over the index of open syncs by last activity.
     */
    private static final String STALL = """
            update sync_runs set state = 'stalled'
            where state = 'open' and last_activity_at < now() - cast(:after as interval)""";
    private static final String FINISH = """
            update sync_runs set state = 'completed', completed_at = now() where tenant_id = :tenant and sync_id = :sync""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SyncSettings settings;
    private final String group;
    private final String topic;

    public SyncSweeper(JdbcClient jdbc, TransactionTemplate transactions, SyncSettings settings, String group,
                       String topic) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
        this.group = group;
        this.topic = topic;
    }

    /** Advances one ready sync (one chunk at a time); returns whether there was one. */
    public boolean sweepOne() {
        return Boolean.TRUE.equals(transactions.execute(status -> claim().map(this::advance).orElse(false)));
    }

    private Optional<ClaimedSync> claim() {
        return jdbc.sql(CLAIM).param("group", group).param("topic", topic).query(ClaimedSync.class).optional();
    }

    /** Marks the open syncs silent for {@code pipeline.sync.stall-after} as stalled; never more to do this round. */
    public boolean markStalled() {
        int stalled = jdbc.sql(STALL).param("after", settings.stallAfter().toMillis() + " milliseconds").update();
        if (stalled > 0) {
            log.warn("{} sync(s) got no event nor heartbeat for {}: stalled", stalled, settings.stallAfter());
        }
        return false;
    }

    private boolean advance(ClaimedSync sync) {
        if (sync.mode().equals("incremental")) {
            // an incremental sync deletes nothing: all its events are applied, so it is done
            update(FINISH, sync).update();
            return true;
        }
        if (sync.state().equals("completing")) {
            var measure = sweep(MEASURE, sync).query(Measure.class).single();
            if (measure.unseen() > settings.maxDeleteShare() * measure.live()) {
                log.warn("sync {} would delete {} of {} live documents of {}: waiting for confirmation",
                        sync.syncId(), measure.unseen(), measure.live(), sync.source());
                update(HOLD, sync).param("unseen", measure.unseen()).update();
                return true;
            }
            update(START_SWEEP, sync).param("unseen", measure.unseen()).update();
        }
        int deleted = sweep(SWEEP_CHUNK, sync).param("chunk", settings.sweepChunkSize()).update();
        update(COUNT_DELETED, sync).param("n", deleted).update();
        // a short chunk is not proof: rows may have changed under it; finish only when none is left to sweep
        if (deleted < settings.sweepChunkSize() && sweep(REMAINING, sync).query(Long.class).single() == 0) {
            update(FINISH, sync).update();
        }
        return true;
    }

    private JdbcClient.StatementSpec update(String sql, ClaimedSync sync) {
        return jdbc.sql(sql).param("tenant", sync.tenantId()).param("sync", sync.syncId());
    }

    private JdbcClient.StatementSpec sweep(String sql, ClaimedSync sync) {
        return update(sql, sync).param("source", sync.source()).param("opened", sync.openedSeq());
    }

    record ClaimedSync(UUID tenantId, UUID syncId, String source, String mode, String state, Long toDelete, long openedSeq) {
    }

    record Measure(long unseen, long live) {
    }
}
