package dev.secondbrain.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

/**
 * Statements the worker ran per micro-batch, from pg_stat_statements of the drain's database, divided by the
 * number of offset writes (one per committed batch): the statements of a batch that read or write documents or
 * sync progress (DESIGN's "at most 3"), the offsets upsert apart, and the per-tenant model loads apart (they run
 * before the batch's transaction, once per tenant and model-refresh, so how often depends on how many new tenants
 * a batch meets, not on its size). Not counted: the schema migration, the offset read at partition assignment,
 * transaction control, the full-sync sweeper's periodic look for a sync to sweep, its periodic stall check and the
 * retention purge's periodic chunk (none is part of any batch), the migration's backfills, and the benchmark's own
 * polling of the offsets. pg_stat_statements shows constants as $n: the patterns match that.
 */
final class StatementCount {

    /** Calls per kind: the batch's store statements, offset upserts (= batches), model loads. */
    record Count(double statements, double offsets, double modelLoads) {

        double perBatch() {
            return offsets == 0 ? Double.NaN : statements / offsets;
        }

        double modelLoadsPerBatch() {
            return offsets == 0 ? Double.NaN : modelLoads / offsets;
        }

        double eventsPerBatch(int events) {
            return offsets == 0 ? Double.NaN : events / offsets;
        }
    }

    private static final String CALLS = """
            select coalesce(sum(calls) filter (where query not ilike '%insert into consumer_offsets%'
                                                 and query not ilike 'with fingerprint as%'), 0)::float8
                       as statements,
                   coalesce(sum(calls) filter (where query ilike '%insert into consumer_offsets%'), 0)::float8 as offsets,
                   coalesce(sum(calls) filter (where query ilike 'with fingerprint as%'), 0)::float8
                       as model_loads
            from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
              and (query ilike '%documents%' or query ilike '%consumer_offsets%' or query ilike '%sync_runs%')
              and query !~* '^\\s*(create|alter|comment|grant|do|insert into "public"."flyway)'
              and query not ilike 'select kafka_partition, next_offset from consumer_offsets%'
              and query not ilike 'select s.tenant_id, s.sync_id, s.source,%'
              and query not ilike 'select coalesce(sum(next_offset)%'
              and query not ilike 'with due as%'
              and query not ilike 'update documents set purged_at = deleted_at%'
              and query not ilike 'update sync_runs set opened_seq%'
              and query not ilike 'update sync_runs set state = $%'
              and query not ilike '%pg_stat_statements%'""";

    private StatementCount() {
    }

    static Count of(DataSource database) {
        return JdbcClient.create(database).sql(CALLS).query(Count.class).single();
    }
}
