package dev.secondbrain.worker.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.UUID;

/**
 * Finishes full syncs: once the worker has applied the events topic up to the end offsets recorded when the
 * sync was completed, the tenant+source's live documents that the sync did not see are tombstoned — in the
 * database, in committed chunks, with no list of ids in memory. If the sweep would delete more than the
 * allowed share of the source's live documents, the sync waits in {@code needs_confirmation} instead.
 */
public final class SyncSweeper {

    private static final Logger log = LoggerFactory.getLogger(SyncSweeper.class);

    /** Claims one sync whose events are all applied; skip locked so two workers never sweep the same sync. */
    private static final String CLAIM = """
            select s.tenant_id, s.sync_id, s.source, s.state, s.to_delete
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
    private static final String MEASURE = """
            select count(*) filter (where last_sync_id is distinct from :sync) as unseen, count(*) as live
            from documents
            where tenant_id = :tenant and source = :source and deleted_at is null""";
    private static final String HOLD = """
            update sync_runs set state = 'needs_confirmation', to_delete = :unseen
            where tenant_id = :tenant and sync_id = :sync""";
    private static final String START_SWEEP = """
            update sync_runs set state = 'sweeping', to_delete = coalesce(to_delete, :unseen)
            where tenant_id = :tenant and sync_id = :sync""";
    private static final String SWEEP_CHUNK = """
            with unseen as (
                select tenant_id, external_id from documents
                where tenant_id = :tenant and source = :source and deleted_at is null
                  and last_sync_id is distinct from :sync
                order by external_id
                limit :chunk
                for update skip locked)
            update documents d
            set deleted_at = now(), deleted_by = 'source', title = null, content = null, metadata = '{}',
                content_hash = null, updated_at = now()
            from unseen
            where d.tenant_id = unseen.tenant_id and d.external_id = unseen.external_id""";
    private static final String COUNT_DELETED = """
            update sync_runs set deleted = deleted + :n where tenant_id = :tenant and sync_id = :sync""";
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

    private boolean advance(ClaimedSync sync) {
        if (sync.state().equals("completing")) {
            var measure = jdbc.sql(MEASURE).param("sync", sync.syncId()).param("tenant", sync.tenantId())
                    .param("source", sync.source()).query(Measure.class).single();
            if (measure.unseen() > settings.maxDeleteShare() * measure.live()) {
                log.warn("sync {} would delete {} of {} live documents of {}: waiting for confirmation",
                        sync.syncId(), measure.unseen(), measure.live(), sync.source());
                update(HOLD, sync).param("unseen", measure.unseen()).update();
                return true;
            }
            update(START_SWEEP, sync).param("unseen", measure.unseen()).update();
        }
        int deleted = update(SWEEP_CHUNK, sync).param("source", sync.source())
                .param("chunk", settings.sweepChunkSize()).update();
        update(COUNT_DELETED, sync).param("n", deleted).update();
        if (deleted < settings.sweepChunkSize()) {
            update(FINISH, sync).update();
        }
        return true;
    }

    private JdbcClient.StatementSpec update(String sql, ClaimedSync sync) {
        return jdbc.sql(sql).param("tenant", sync.tenantId()).param("sync", sync.syncId());
    }

    record ClaimedSync(UUID tenantId, UUID syncId, String source, String state, Long toDelete) {
    }

    record Measure(long unseen, long live) {
    }
}
